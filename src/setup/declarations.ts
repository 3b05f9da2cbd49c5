/**
 * The type declarations `mcpmux init` writes beside a config, so an editor
 * checks `mcp.config.ts` with nothing but the mcpmux binary installed. They
 * mirror config/schema.ts; test/e2e/setup.test.ts type-checks a config
 * against them.
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
    /** Client calls in flight at once (default 1 for stdio, 16 for URL servers). */
    maxConcurrency?: number;
    /** Keep the entry but do not start it. */
    disabled?: boolean;
  }
  export interface StdioServer extends ServerCommon {
    command: string;
    args?: string[];
    /** Added to mcpmux's environment. Strings may use \${env:NAME} or \${env:NAME:-default}. */
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
  export type ServerConfig = StdioServer | RemoteServer;
  export interface ConfigInput {
    servers: Record<string, ServerConfig>;
    /** Between prefix and name (default "__"). */
    separator?: string;
    /** Items per page of aggregated lists; 0 = all (default). */
    pageSize?: number;
    /** The shared daemon behind \`mcpmux stdio\`. */
    daemon?: { /** ms with no session before it exits; 0 = never (default 600000). */ idleTimeout?: number };
    /** Defaults for \`mcpmux serve\`; with it the daemon also serves HTTP. */
    http?: { host?: string; port?: number };
  }
  export function defineConfig(config: ConfigInput): ConfigInput;
}
`;
