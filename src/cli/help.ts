/** The text of `mcpmux --help`. */
export const HELP = `mcpmux: one MCP server in front of many, shared correctly by every client session.

Usage:
  mcpmux stdio [--config FILE] [--standalone]
      Serve MCP over stdin/stdout: the command to put in a Claude Desktop or
      Claude Code config. By default a thin shim: it connects to the shared
      daemon for this config over a private unix socket (starting it if none
      runs), so every Claude session shares one copy of each server.
      --standalone runs the servers in this process instead. Logs: stderr.

  mcpmux daemon [--config FILE] [--host H --port P]
      Run the shared daemon in the foreground (shims start it on their own;
      its log is then under $XDG_STATE_HOME/mcpmux/). It also serves HTTP
      when the config has an "http" section or --port is given, and exits
      after daemon.idleTimeout ms without sessions (default 10 minutes).
      It follows edits of the config and its plugins without dropping a
      session (as do stdio --standalone and serve).

  mcpmux status [--config FILE] [--json]
      Show the daemon's config (generation, last reload and its error),
      servers (pid, state, in-flight calls, uptime, restarts, p50/p99
      latency) and client sessions.

  mcpmux stop [--config FILE]
      Stop the daemon and its servers: attached sessions end (their shims
      exit), and it returns once every server has stopped.

  mcpmux restart [--config FILE]
      Replace the daemon (say, after installing a new mcpmux) without
      ending a session: a new daemon takes over, each shim reconnects and
      replays its client's initialize, log level and subscriptions. Calls
      in flight at that moment get an error.

  mcpmux reload [--config FILE]
      Make the daemon read its config again now and apply what changed
      (it also does this by itself when the config, a file it imports or a
      plugin is saved, and on SIGHUP). Unchanged servers keep running; a
      config that does not load changes nothing. Exits 1 if it did not load.

  mcpmux dev PLUGIN.ts [--http] [--host H] [--port P]
      Serve one plugin (stdio by default; --http for the Inspector, at
      http://127.0.0.1:7780/mcp), watch it and the files it imports, and on
      each save reload it and print which tools, prompts and resources were
      added, removed or changed, or why it does not load (file:line:col).

  mcpmux init [--out mcp.config.ts] [--force]
      Write a commented starter config (and mcpmux.d.ts, its types), then
      print the Claude config snippet.

  mcpmux import FILE [--out mcp.config.ts] [--force]
      Convert the MCP servers of claude_desktop_config.json, .mcp.json or
      ~/.claude.json into an mcpmux config, then print the Claude snippet.

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
      --standalone    stdio: no daemon; serve in this process.
      --http          dev: serve over HTTP instead of stdio.
      --json          status: print JSON.
  -o, --out FILE      init, import: where to write the config.
      --force         init, import: overwrite an existing file.
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
