/**
 * The plugin authoring API: `export default definePlugin({...})` in a
 * TypeScript module that mcpmux hosts as an MCP server. Everything here is
 * types except `definePlugin`, an identity function, so the "mcpmux" module
 * every config and plugin imports stays light.
 */
import type {
  CallToolResult,
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestFormParams,
  ElicitRequestURLParams,
  ElicitResult,
  GetPromptResult,
  LoggingLevel,
  ReadResourceResult,
  StandardSchemaV1,
  ToolAnnotations,
} from "@modelcontextprotocol/server";
import type * as v from "valibot";

/** A plain JSON Schema object (for tool input and output it must have `type: "object"`). */
export interface JsonSchemaObject {
  type?: string;
  [keyword: string]: unknown;
}

/** A tool's input or output: a valibot schema (any Standard Schema with JSON Schema will do) or a JSON Schema object. */
export type PluginSchema =
  v.GenericSchema | v.GenericSchemaAsync | StandardSchemaV1 | JsonSchemaObject;

/** What a handler receives for a schema: the valibot output type, else a plain object. */
export type InputOf<S> = S extends v.GenericSchema | v.GenericSchemaAsync
  ? v.InferOutput<S>
  : S extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<S>
    : Record<string, unknown>;

/** Who called: the MCP client whose session made this request (told to the plugin by mcpmux). */
export interface PluginClient {
  name?: string;
  version?: string;
}

/** What every handler gets besides its arguments. Everything in it belongs to the one request being handled. */
export interface PluginContext {
  /** Aborted when the client cancels the request (or mcpmux gives up on it). */
  readonly signal: AbortSignal;
  /** The JSON-RPC id of the request, as the plugin host received it. */
  readonly requestId: string | number;
  /** The calling client's `clientInfo`; empty when mcpmux did not say. */
  readonly client: PluginClient;
  /** Reports progress to the caller; does nothing when the caller asked for none. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Sends a log message (`notifications/message`, logger: the plugin's name) at an MCP level. */
  log(level: LoggingLevel, data: unknown): Promise<void>;
  /**
   * Asks the calling client's model for a completion (`sampling/createMessage`).
   * With `tools` in the params, the content may also hold tool_use blocks.
   */
  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult>;
  /** Asks the calling client's user for input (`elicitation/create`). */
  elicit(params: ElicitRequestFormParams | ElicitRequestURLParams): Promise<ElicitResult>;
}

type Awaitable<T> = T | Promise<T>;

/** A handler may return a whole result or just text (one text content block). */
export type ToolReturn = CallToolResult | string;

export interface ToolDefinition<S = PluginSchema | undefined> {
  title?: string;
  description: string;
  /** The arguments: validated before the handler runs; also advertised as the tool's JSON Schema. */
  input?: S & PluginSchema;
  /** The shape of `structuredContent`, when the tool returns one. */
  output?: PluginSchema;
  annotations?: ToolAnnotations;
  handler: (args: InputOf<S>, ctx: PluginContext) => Awaitable<ToolReturn>;
}

export interface PromptArgumentDefinition {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptDefinition {
  title?: string;
  description: string;
  arguments?: PromptArgumentDefinition[];
  handler: (args: Record<string, string>, ctx: PluginContext) => Awaitable<GetPromptResult>;
}

/** A resource read may return a whole result or just the text of the resource. */
export type ResourceReturn = ReadResourceResult | string;

export interface ResourceDefinition {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read: (uri: string, ctx: PluginContext) => Awaitable<ResourceReturn>;
}

/** The values of a URI template's variables (`{name}`; `{+path}`, `{/a,b}` may give lists). */
export type UriVariables = Record<string, string | string[]>;

export interface ResourceTemplateDefinition {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  read: (uri: string, variables: UriVariables, ctx: PluginContext) => Awaitable<ResourceReturn>;
}

/** `Tools` maps each tool name to its input schema, so each handler's arguments get that schema's type. */
export interface PluginDefinition<Tools = Record<string, PluginSchema | undefined>> {
  name: string;
  version: string;
  /** Told to clients in `initialize` (mcpmux merges it with the other servers'). */
  instructions?: string;
  tools?: { [K in keyof Tools]: ToolDefinition<Tools[K]> };
  prompts?: Record<string, PromptDefinition>;
  /** Keyed by the resource's URI. */
  resources?: Record<string, ResourceDefinition>;
  /** Keyed by the URI template (RFC 6570), e.g. `notes://{id}`. */
  resourceTemplates?: Record<string, ResourceTemplateDefinition>;
}

/** Identity at run time; gives a plugin its types (handler arguments from each tool's schema). */
export function definePlugin<Tools>(definition: PluginDefinition<Tools>): PluginDefinition<Tools> {
  return definition;
}
