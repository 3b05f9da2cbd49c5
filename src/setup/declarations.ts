/**
 * The type declarations `mcpmux init` writes beside a config, so an editor
 * checks `mcp.config.ts` with nothing but the mcpmux binary installed. They
 * mirror config/schema.ts and plugins/define.ts (loosely: with only the
 * binary there are no valibot types); test/e2e/setup.test.ts type-checks a
 * config against them.
 */
export const DECLARATIONS = `// Types for mcp.config.ts, written by \`mcpmux init\`. mcpmux itself provides
// the "mcpmux" module when it loads the config; this file only helps editors.
declare module "mcpmux" {
  interface ServerCommon {
    /** Prefix of this server's tool and prompt names (default: the server's name); false: none. */
    prefix?: string | false;
    /** ms a request may take; progress restarts the clock (default 300000). */
    requestTimeout?: number;
    /** ms for the start and MCP handshake (default 30000). */
    startupTimeout?: number;
    /** Instances and their work: a busy stdio server grows to \`max\` parallel instances. */
    pool?: {
      /** Instances kept running (default 1). */
      min?: number;
      /** Instances at most (default 4 for stdio, 1 for URL servers). */
      max?: number;
      /** Calls in flight per instance (default 1 for stdio, 16 for URL servers). */
      maxConcurrency?: number;
      /** ms an instance above min may idle before it stops (default 300000). */
      idleTimeout?: number;
      /** ms a call may wait before a new instance starts even when calls looked fast (default 250). */
      scaleUpAfter?: number;
      /** Calls waiting for a free instance: at most \`max\` (default 100), each at most \`timeout\` ms (default 60000). */
      queue?: { max?: number; timeout?: number };
    };
    /** How a call picks an instance (default least-connections; capability with variants). */
    strategy?: "round-robin" | "weighted" | "least-connections" | "capability" | "adaptive";
    /** shared (default): any instance serves anyone; affinity: each session sticks to one; session: each session gets its own. */
    share?: "shared" | "affinity" | "session";
    /** Share of the work for the weighted strategy. */
    weight?: number;
    /** Keep the entry but do not start it. */
    disabled?: boolean;
  }
  interface Endpoint {
    weight?: number;
  }
  export interface StdioServer extends ServerCommon {
    command: string;
    args?: string[];
    /** Added to mcpmux's environment. Any string may use \${NAME} or \${NAME:-default} (also spelt \${env:NAME}); \$\${ is a literal \${. */
    env?: Record<string, string>;
    /** Working directory; relative to this config's folder (the default). */
    cwd?: string;
  }
  export interface RemoteServer extends ServerCommon {
    url: string;
    headers?: Record<string, string>;
    /** "http" (Streamable HTTP, default) or "sse". */
    transport?: "http" | "sse";
  }
  export interface PluginServer extends ServerCommon {
    /** A TypeScript module (relative to this config's folder) that default-exports definePlugin({...}). */
    plugin: string;
    /** Added to mcpmux's environment for the plugin's host process. */
    env?: Record<string, string>;
  }
  export interface VariantServer extends ServerCommon {
    /** Several endpoints for one server (e.g. commands offering different tools); each an instance kind. */
    variants: Array<(Omit<StdioServer, keyof ServerCommon> | Omit<RemoteServer, keyof ServerCommon>) & Endpoint>;
  }
  export type ServerConfig = StdioServer | RemoteServer | PluginServer | VariantServer;
  export interface Route {
    /** Globs (* and ?); all given must match. */
    match: { tool?: string; prompt?: string; resource?: string; method?: string; client?: string };
    /** Exactly one action: */
    hide?: true;
    rename?: string;
    server?: string;
  }
  export interface ConfigInput {
    servers: Record<string, ServerConfig>;
    /** Routing rules, first match wins: hide, rename, or send to another server. */
    routes?: Route[];
    /** Between prefix and name (default "__"). */
    separator?: string;
    /** Items per page of aggregated lists; 0 = all (default). */
    pageSize?: number;
    /** ms a list waits for servers still starting before answering with the ready ones (default 500). */
    listWait?: number;
    /** Largest message (one line) from a stdio or unix socket client, in bytes (default 4194304). */
    maxMessageBytes?: number;
    /** The shared daemon behind \`mcpmux stdio\`. */
    daemon?: { /** ms with no session before it exits; 0 = never (default 600000). */ idleTimeout?: number };
    /** Defaults for \`mcpmux serve\`; with it the daemon also serves HTTP. */
    http?: {
      host?: string;
      port?: number;
      /** Every request must send \`Authorization: Bearer <token>\`; required unless host is loopback. Use "\${env:NAME}". */
      auth?: { token: string };
      /** ms without a request or an open stream before an HTTP session is closed; 0 = never (default 1800000). */
      sessionIdleTimeout?: number;
      /** Largest request body in bytes (default 4194304). */
      maxBodyBytes?: number;
      /** Open HTTP sessions at most, Streamable HTTP and SSE together (default 256). */
      maxSessions?: number;
    };
  }
  export function defineConfig(config: ConfigInput): ConfigInput;

  /** What a plugin's handlers get besides their arguments, for the one request being handled. */
  export interface PluginContext {
    /** Aborted when the client cancels the request. */
    readonly signal: AbortSignal;
    readonly requestId: string | number;
    /** The calling client's name and version. */
    readonly client: { name?: string; version?: string };
    progress(progress: number, total?: number, message?: string): Promise<void>;
    log(level: "debug" | "info" | "notice" | "warning" | "error" | "critical" | "alert" | "emergency", data: unknown): Promise<void>;
    /** sampling/createMessage to the calling client. */
    sample(params: Record<string, unknown>): Promise<any>;
    /** elicitation/create to the calling client. */
    elicit(params: Record<string, unknown>): Promise<any>;
  }
  /** A tool result, or just its text. */
  export type ToolReturn = { content: unknown[]; isError?: boolean; structuredContent?: unknown } | string;
  export interface PluginDefinition {
    name: string;
    version: string;
    instructions?: string;
    /** input: a valibot schema or a JSON Schema object (install valibot beside the plugin for its types). */
    tools?: Record<string, { title?: string; description: string; input?: unknown; output?: unknown; annotations?: Record<string, unknown>; handler: (args: any, ctx: PluginContext) => ToolReturn | Promise<ToolReturn> }>;
    prompts?: Record<string, { title?: string; description: string; arguments?: Array<{ name: string; description?: string; required?: boolean }>; handler: (args: Record<string, string>, ctx: PluginContext) => unknown }>;
    /** Keyed by URI. */
    resources?: Record<string, { name: string; title?: string; description?: string; mimeType?: string; read: (uri: string, ctx: PluginContext) => unknown }>;
    /** Keyed by URI template, e.g. notes://{id}. */
    resourceTemplates?: Record<string, { name: string; title?: string; description?: string; mimeType?: string; read: (uri: string, variables: Record<string, string | string[]>, ctx: PluginContext) => unknown }>;
  }
  export function definePlugin(definition: PluginDefinition): PluginDefinition;
}
`;
