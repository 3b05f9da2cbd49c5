/** The text of `mcpmux --help`. */
export const HELP = `mcpmux: one MCP server in front of many, shared correctly by every client session.

Usage:
  mcpmux stdio [--config FILE]
      Serve MCP over stdin/stdout. This is the command to put in a Claude
      Desktop or Claude Code config. Logs go to stderr only.

  mcpmux serve [--config FILE] [--host 127.0.0.1] [--port 7780]
      Serve MCP over HTTP for many concurrent client sessions:
        Streamable HTTP at http://HOST:PORT/mcp
        legacy SSE at http://HOST:PORT/sse (messages POSTed to /message)
      Requests whose Host or Origin is not this machine are refused
      (DNS-rebinding protection).

  mcpmux check [--config FILE]
      Validate the config and print each problem with its path inside the
      config (e.g. "servers.fs.command: expected string"). Exits 1 on errors.

Options:
  -c, --config FILE   Config file (.ts, .js or .json). Default: $MCPMUX_CONFIG,
                      else ./mcp.config.ts, else ./mcp.config.json.
      --host HOST     serve: address to bind (default 127.0.0.1, or http.host
                      in the config).
      --port PORT     serve: port (default 7780, or http.port in the config;
                      0 picks a free port, printed on stderr).
  -h, --help          Show this help.
  -v, --version       Show the version.

Environment:
  MCPMUX_CONFIG       Config file when --config is not given.
  MCPMUX_LOG          Log level on stderr: debug, info (default), warn, error.

Config (mcp.config.ts):
  import { defineConfig } from "mcpmux";
  export default defineConfig({
    servers: {
      memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] },
      remote: { url: "http://127.0.0.1:9000/mcp", headers: { Authorization: "Bearer \${env:TOKEN}" } },
    },
  });
  Tools and prompts appear as <server>__<name> (set "prefix" per server, or
  "separator" at the top level). See README.md for every option.
`;
