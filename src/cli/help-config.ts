/**
 * `mcpmux help config`: the config file in one screen, for a user who has
 * the binary and not the README. The defaults are the schema's own
 * constants, so this text says what the code does.
 */
import { DEFAULT_CONFIG_NAMES } from "../config/locate.ts";
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_MAX_SESSIONS, DEFAULT_HTTP_PORT } from "../config/http.ts";
import {
  DEFAULT_DAEMON_IDLE_MS,
  DEFAULT_LIST_WAIT_MS,
  DEFAULT_POOL,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SEPARATOR,
  DEFAULT_STARTUP_TIMEOUT_MS,
} from "../config/schema.ts";
import { columns, wrap } from "./text.ts";

const WIDTH = 80;

const EXAMPLE = `  import { defineConfig } from "mcpmux";

  export default defineConfig({
    servers: {
      memory: {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-memory"],
      },
      search: {
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer \${env:SEARCH_TOKEN}" },
      },
      hello: { plugin: "./plugins/hello.ts" },
    },
    routes: [{ match: { tool: "memory__delete_*" }, hide: true }],
  });`;

/** Key, meaning (with its default): the keys a first config uses. */
export const CONFIG_KEYS: ReadonlyArray<readonly [string, string]> = [
  [
    "servers.<name>",
    "One server; the name holds letters, digits, _ and -. It has exactly one of command, url, plugin (or variants).",
  ],
  ["  .command .args", "A stdio server: the program and its arguments, started once and shared."],
  [
    "  .env .cwd",
    "Extra environment (added to mcpmux's; env applies to plugins too), and the working directory (default: the config's folder).",
  ],
  [
    "  .url .headers",
    'A remote server (Streamable HTTP; transport: "sse" for legacy SSE), and the HTTP headers sent with each request.',
  ],
  [
    "  .plugin",
    "A TypeScript module that default-exports definePlugin({...}), relative to the config's folder.",
  ],
  [
    "  .prefix",
    `Exposed names are <prefix>${DEFAULT_SEPARATOR}<name> (default prefix: the server's name; false: unprefixed; "separator" changes ${DEFAULT_SEPARATOR}).`,
  ],
  [
    "  .pool",
    `{ min, max, maxConcurrency, idleTimeout, scaleUpAfter, queue: { max, timeout } }: instances and calls per instance (stdio and plugins: ${DEFAULT_POOL.stdio.min} to ${DEFAULT_POOL.stdio.max} instances, ${DEFAULT_POOL.stdio.maxConcurrency} call each; url: ${DEFAULT_POOL.remote.max}, ${DEFAULT_POOL.remote.maxConcurrency} calls).`,
  ],
  [
    "  .requestTimeout",
    `ms a request may take (${DEFAULT_REQUEST_TIMEOUT_MS}); startupTimeout: ms to start and handshake (${DEFAULT_STARTUP_TIMEOUT_MS}).`,
  ],
  [
    "  .disabled",
    "true keeps the entry without starting it. Also: health, strategy, share, weight, variants.",
  ],
  [
    "routes",
    'Rules that hide, rename or redirect tools, prompts and resources: [{ match: { tool: "github__*" }, hide: true }]; match on tool, prompt, resource, method or client; the first match wins.',
  ],
  [
    "http",
    `{ host, port, auth: { token }, sessionIdleTimeout, maxBodyBytes, maxSessions }: the defaults of serve (${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}, ${DEFAULT_HTTP_MAX_SESSIONS} sessions); with this section the daemon serves HTTP too. A host other machines can reach needs auth.token.`,
  ],
  [
    "daemon",
    `{ idleTimeout }: ms without a session before the daemon stops its servers and exits (${DEFAULT_DAEMON_IDLE_MS}; 0: never).`,
  ],
  [
    "listWait",
    `ms a list waits for servers still starting (${DEFAULT_LIST_WAIT_MS}). Also: pageSize, maxMessageBytes.`,
  ],
];

export function configHelp(): string {
  return `${[
    "The config file",
    wrap(
      `mcpmux reads --config FILE, else $MCPMUX_CONFIG, else the first of ${DEFAULT_CONFIG_NAMES.join(", ")} in the working directory. A .ts or .js config default-exports defineConfig({...}) from "mcpmux" (mcpmux supplies that module, no install needed); a .json config is the same object. mcpmux init writes a commented one, mcpmux check validates one, and a saved edit applies to a running mcpmux without dropping a session.`,
      WIDTH,
    ),
    EXAMPLE,
    `Keys:\n${columns(CONFIG_KEYS, WIDTH)}`,
    wrap(
      "Any string may hold ${NAME} or ${NAME:-default} (as in Claude Code's .mcp.json), or ${env:NAME} or ${env:NAME:-default}, replaced by the environment variable when the config loads; $${ is a literal ${. An unset ${NAME} with no default is passed on as written, with a warning, except in env and headers entries and tokens, where, as for ${env:NAME}, it is an error.",
      WIDTH,
    ),
  ].join("\n\n")}\n`;
}
