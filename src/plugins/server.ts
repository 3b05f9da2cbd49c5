/**
 * A checked plugin definition as an SDK `McpServer`: tools with validated
 * arguments (a bad argument or a throwing handler is an `isError` result,
 * which the SDK makes from the error), prompts, resources and resource
 * templates, each handler given its `ctx`. Schemas that cannot be listed are
 * problems with their path, found here, before the server answers anything.
 */
import {
  fromJsonSchema,
  McpServer,
  ResourceTemplate,
  type ServerContext,
  type StandardSchemaWithJSON,
} from "@modelcontextprotocol/server";
import { pluginContext } from "./context.ts";
import type {
  PluginDefinition,
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ToolDefinition,
} from "./define.ts";
import { pathText, type DefinitionProblem } from "./definition-schema.ts";
import { resourceResult, toolResult } from "./results.ts";
import { toToolSchema } from "./schemas.ts";

export type BuiltServer =
  { ok: true; server: McpServer } | { ok: false; problems: DefinitionProblem[] };

export function buildServer(definition: PluginDefinition): BuiltServer {
  const server = new McpServer(
    { name: definition.name, version: definition.version },
    {
      capabilities: { logging: {} },
      ...(definition.instructions === undefined ? {} : { instructions: definition.instructions }),
    },
  );
  const problems: DefinitionProblem[] = [];
  for (const [name, tool] of Object.entries(definition.tools ?? {}) as [string, ToolDefinition][])
    problems.push(...addTool(server, definition.name, name, tool));
  for (const [name, prompt] of Object.entries(definition.prompts ?? {}))
    addPrompt(server, definition.name, name, prompt);
  for (const [uri, resource] of Object.entries(definition.resources ?? {}))
    addResource(server, definition.name, uri, resource);
  for (const [template, resource] of Object.entries(definition.resourceTemplates ?? {}))
    addResourceTemplate(server, definition.name, template, resource);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, server };
}

type LooseToolCallback = (...args: unknown[]) => unknown;

function addTool(
  server: McpServer,
  plugin: string,
  name: string,
  tool: ToolDefinition,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const schemaAt = (field: "input" | "output"): StandardSchemaWithJSON | undefined => {
    if (tool[field] === undefined) return undefined;
    const converted = toToolSchema(tool[field], field);
    if (converted.ok) return converted.schema;
    problems.push({
      path: pathText([{ key: "tools" }, { key: name }, { key: field }]),
      message: converted.message,
    });
    return undefined;
  };
  const inputSchema = schemaAt("input");
  const outputSchema = schemaAt("output");
  if (problems.length > 0) return problems;
  const run = async (args: unknown, ctx: ServerContext) =>
    toolResult(await tool.handler(args as never, pluginContext(ctx, plugin)));
  // Without an input schema the SDK calls back with the context alone.
  const callback: LooseToolCallback =
    inputSchema === undefined
      ? (ctx) => run({}, ctx as ServerContext)
      : (args, ctx) => run(args, ctx as ServerContext);
  server.registerTool(
    name,
    {
      description: tool.description,
      ...(tool.title === undefined ? {} : { title: tool.title }),
      ...(inputSchema === undefined ? {} : { inputSchema }),
      ...(outputSchema === undefined ? {} : { outputSchema }),
      ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
    },
    callback as never,
  );
  return problems;
}

/** Prompt arguments are strings; as a JSON Schema the SDK lists them and checks the required ones. */
function addPrompt(
  server: McpServer,
  plugin: string,
  name: string,
  prompt: PromptDefinition,
): void {
  const args = prompt.arguments ?? [];
  const properties = Object.fromEntries(
    args.map((arg) => [
      arg.name,
      arg.description === undefined
        ? { type: "string" }
        : { type: "string", description: arg.description },
    ]),
  );
  const required = args.filter((arg) => arg.required === true).map((arg) => arg.name);
  const argsSchema = fromJsonSchema({ type: "object", properties, required });
  const run = async (values: unknown, ctx: ServerContext) =>
    prompt.handler((values ?? {}) as Record<string, string>, pluginContext(ctx, plugin));
  const config = {
    description: prompt.description,
    ...(prompt.title === undefined ? {} : { title: prompt.title }),
    ...(args.length === 0 ? {} : { argsSchema }),
  };
  const callback: LooseToolCallback =
    args.length === 0
      ? (ctx) => run({}, ctx as ServerContext)
      : (values, ctx) => run(values, ctx as ServerContext);
  server.registerPrompt(name, config, callback as never);
}

function metadataOf(resource: ResourceDefinition | ResourceTemplateDefinition) {
  return {
    ...(resource.title === undefined ? {} : { title: resource.title }),
    ...(resource.description === undefined ? {} : { description: resource.description }),
    ...(resource.mimeType === undefined ? {} : { mimeType: resource.mimeType }),
  };
}

function addResource(
  server: McpServer,
  plugin: string,
  uri: string,
  resource: ResourceDefinition,
): void {
  // The SDK finds a resource by its URI as URL prints it ("https://a" reads as "https://a/").
  const key = new URL(uri).href;
  server.registerResource(resource.name, key, metadataOf(resource), async (url, ctx) =>
    resourceResult(
      await resource.read(uri, pluginContext(ctx, plugin)),
      url.href,
      resource.mimeType,
    ),
  );
}

function addResourceTemplate(
  server: McpServer,
  plugin: string,
  template: string,
  resource: ResourceTemplateDefinition,
): void {
  server.registerResource(
    resource.name,
    new ResourceTemplate(template, { list: undefined }),
    metadataOf(resource),
    async (url, variables, ctx) =>
      resourceResult(
        await resource.read(url.href, variables, pluginContext(ctx, plugin)),
        url.href,
        resource.mimeType,
      ),
  );
}
