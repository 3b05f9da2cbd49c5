/**
 * The one description of mcpmux's command line: each command, what it
 * does, the flags it takes and its positional argument. The parser
 * (args.ts), the help (help.ts) and docs/cli.md are all made from it, so
 * what the help says is what the parser accepts.
 */
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "../config/http.ts";
import { CONFIG_JSON_COMMAND, PLUGIN_HOST_COMMAND } from "../runtime/self-command.ts";
import type { FlagKey } from "./flags.ts";

export interface CommandFlag {
  readonly key: FlagKey;
  /** This command's own words for the flag, when the general ones do not fit. */
  readonly description?: string;
}

export interface Positional {
  /** Its placeholder in the usage line. */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line in `mcpmux --help`. */
  readonly summary: string;
  /** Paragraphs for `mcpmux help COMMAND`. */
  readonly description: readonly string[];
  readonly positional?: Positional;
  /** The flags it takes besides --help and --version, in the order help lists them. */
  readonly flags: readonly CommandFlag[];
  readonly examples: readonly string[];
  /** Internal (mcpmux runs it itself): parsed, never shown. */
  readonly hidden?: true;
}

/** What `help` accepts besides command names. */
export const HELP_TOPICS = ["config"] as const;

const config: CommandFlag = { key: "config" };
const LISTEN = `${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}`;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "stdio",
    summary: "MCP on stdin/stdout: what a client (Claude Desktop, Claude Code) runs",
    description: [
      "Serve MCP over stdin/stdout: the command to put in a Claude Desktop or Claude Code config. By default it is a thin shim: it connects to the shared daemon for this config over a private unix socket, starting the daemon if none runs, so every client session shares one copy of each server.",
      "--standalone runs the servers in this process instead, for this session alone. Logs go to stderr; stdout carries MCP messages only.",
    ],
    flags: [config, { key: "standalone" }],
    examples: [
      "mcpmux stdio --config ~/mcp.config.ts",
      "claude mcp add mcpmux -- mcpmux stdio --config ~/mcp.config.ts",
      "mcpmux stdio --standalone --config ./mcp.config.ts",
    ],
  },
  {
    name: "daemon",
    summary: "Run the shared daemon in the foreground (stdio shims start it on their own)",
    description: [
      "Run the shared daemon for a config in the foreground. Shims start it by themselves when none runs; its log then goes to $XDG_STATE_HOME/mcpmux/ (~/.local/state/mcpmux/). It exits after daemon.idleTimeout ms without a session (10 minutes by default), and follows edits of the config and its plugins without dropping a session.",
      `It also serves MCP over HTTP when the config has an "http" section or --host/--port is given (default ${LISTEN}). It binds that port before starting any server. With --host/--port, a port that is taken makes it exit 1 having started nothing; a taken http.port from the config leaves it serving its socket only (shims need nothing else), and its log says why.`,
    ],
    flags: [
      config,
      {
        key: "host",
        description: `Also serve HTTP on this address (default: http.host in the config, else ${DEFAULT_HTTP_HOST}).`,
      },
      {
        key: "port",
        description: `Also serve HTTP on this port (default: http.port in the config, else ${DEFAULT_HTTP_PORT}; 0 picks a free one).`,
      },
    ],
    examples: ["mcpmux daemon --config ~/mcp.config.ts", "mcpmux daemon --port 7781"],
  },
  {
    name: "serve",
    summary: "Serve MCP over HTTP (Streamable HTTP at /mcp, legacy SSE at /sse) in this process",
    description: [
      "Serve MCP over HTTP to many concurrent client sessions, with the servers running in this process: Streamable HTTP at http://HOST:PORT/mcp, legacy SSE at http://HOST:PORT/sse (messages POSTed to /message).",
      "Requests whose Host or Origin is not this machine are refused (DNS-rebinding protection); an address other machines can reach needs http.auth.token in the config. The port is bound before any server starts: if it is taken, serve exits 1 and starts nothing.",
    ],
    flags: [
      config,
      {
        key: "host",
        description: `Address to listen on (default: http.host in the config, else ${DEFAULT_HTTP_HOST}).`,
      },
      {
        key: "port",
        description: `Port to listen on (default: http.port in the config, else ${DEFAULT_HTTP_PORT}; 0 picks a free one, printed on stderr).`,
      },
    ],
    examples: ["mcpmux serve", "mcpmux serve --config ./mcp.config.ts --port 8080"],
  },
  {
    name: "status",
    summary: "Show the daemon's config, servers (pid, state, latency) and client sessions",
    description: [
      "Show the running daemon of a config: its config (generation, last reload and its error), its servers (pid, state, in-flight calls, uptime, restarts, circuit, p50/p99 latency) and its client sessions; per tool (--tools): calls, errors, latency and clients.",
      'With no daemon running it says so and how to start one, and exits 3; with --json it then prints {"running": false, ...}.',
    ],
    flags: [
      config,
      {
        key: "json",
        description: 'Print JSON ({"running": true, ...} or {"running": false, ...}).',
      },
      {
        key: "metrics",
        description:
          "Print the daemon's Prometheus metrics in the text exposition format (what GET /metrics serves on its HTTP listener), for a daemon without one.",
      },
      {
        key: "tools",
        description:
          "Per exposed tool since the daemon started: calls, errors, p50/p99 latency and the clients (by name) that call it.",
      },
    ],
    examples: [
      "mcpmux status",
      "mcpmux status --json --config ~/mcp.config.ts",
      "mcpmux status --metrics",
      "mcpmux status --tools",
    ],
  },
  {
    name: "top",
    summary: "Watch the daemon's servers, instances and tools live, refreshed every second",
    description: [
      "Show what `status` and `status --tools` show, redrawn in place every second: servers and their instances (state, in flight, restarts, circuit, latency, last error), sessions, and per tool the calls, errors, p50/p99 latency and clients. Ctrl-C ends it. When stdout is not a terminal it prints one frame, as --once does.",
      "With no daemon running it says so and exits 3.",
    ],
    flags: [config, { key: "once" }],
    examples: ["mcpmux top", "mcpmux top --once --config ~/mcp.config.ts"],
  },
  {
    name: "stop",
    summary: "Stop the daemon and its servers (nothing running is not an error)",
    description: [
      "Stop the daemon of a config and its servers: attached sessions end (their shims exit), and it returns once every server has stopped. When no daemon runs it says so and exits 0, so stopping twice is fine.",
    ],
    flags: [config],
    examples: ["mcpmux stop", "mcpmux stop --config ~/mcp.config.ts"],
  },
  {
    name: "restart",
    summary: "Replace the daemon (say, after an upgrade) without ending a session",
    description: [
      "Replace the daemon of a config (say, after installing a new mcpmux) without ending a session: a new daemon takes over, each shim reconnects and replays its client's initialize, log level and subscriptions. Calls in flight at that moment get an error. With no daemon running there is nothing to do: the next session starts one.",
    ],
    flags: [config],
    examples: ["mcpmux restart --config ~/mcp.config.ts"],
  },
  {
    name: "reload",
    summary: "Make the daemon read its config again now and apply what changed",
    description: [
      "Make the daemon read its config again now and apply what changed. It also does this by itself when the config, a file it imports or a plugin is saved, and on SIGHUP. Unchanged servers keep running; a config that does not load changes nothing, and reload exits 1. With no daemon running it says so and exits 3.",
    ],
    flags: [config],
    examples: ["mcpmux reload --config ~/mcp.config.ts"],
  },
  {
    name: "dev",
    summary: "Serve one plugin, reload it on every save and say what changed",
    description: [
      "Serve one plugin (over stdio by default; over HTTP with --http, for the MCP Inspector), watch it and the files it imports, and on each save reload it and print which tools, prompts and resources were added, removed or changed, or why it does not load (file:line:col).",
    ],
    positional: {
      name: "PLUGIN.ts",
      required: true,
      description: "The plugin module (it default-exports definePlugin({...})).",
    },
    flags: [
      { key: "http" },
      {
        key: "host",
        description: `With --http: address to listen on (default ${DEFAULT_HTTP_HOST}).`,
      },
      {
        key: "port",
        description: `With --http: port to listen on (default ${DEFAULT_HTTP_PORT}).`,
      },
    ],
    examples: ["mcpmux dev plugins/hello.ts", "mcpmux dev plugins/hello.ts --http --port 7781"],
  },
  {
    name: "init",
    summary: "Write a commented starter config, its types and an example plugin",
    description: [
      "Write a commented starter config, mcpmux.d.ts beside it (its types, for an editor) and the example plugin plugins/hello.ts, then print the snippet that adds mcpmux to Claude Desktop and Claude Code. Existing files are left alone unless --force is given.",
    ],
    flags: [{ key: "out" }, { key: "force" }],
    examples: ["mcpmux init", "mcpmux init --out ~/mcp.config.ts"],
  },
  {
    name: "import",
    summary: "Convert the MCP servers of a Claude config into an mcpmux config",
    description: [
      "Convert the MCP servers of claude_desktop_config.json, a project's .mcp.json or ~/.claude.json into an mcpmux config, then print the snippet that adds mcpmux to Claude. An existing config is left alone unless --force is given.",
    ],
    positional: {
      name: "FILE",
      required: true,
      description: "The Claude config to read.",
    },
    flags: [{ key: "out" }, { key: "force" }, { key: "writePermissions" }],
    examples: [
      "mcpmux import ~/.claude.json",
      'mcpmux import "$HOME/Library/Application Support/Claude/claude_desktop_config.json" --out ~/mcp.config.ts',
      "mcpmux import .mcp.json --write-permissions .claude/settings.json",
    ],
  },
  {
    name: "check",
    summary: "Validate a config without starting anything: each problem with its place",
    description: [
      'Load and validate a config and print each problem with its place: FILE:LINE:COL for a syntax error, the path inside the config for a value (e.g. "servers.fs.command: expected string"), with "did you mean" for a misspelt key.',
      "It starts no server and no daemon, but checks what it can: each command is found (on the PATH the server gets, or as a file), working folders and plugin files exist, URLs are http(s), environment variables are set, the HTTP port is free. Warnings (a stateful server pooled and shared) come after the errors. Exits 1 when there are errors, 0 with warnings only.",
    ],
    flags: [config],
    examples: ["mcpmux check", "mcpmux check --config ~/mcp.config.ts"],
  },
  {
    name: "help",
    summary: "Show help: of mcpmux, of a command, or of the config file (help config)",
    description: [
      "Show mcpmux's help, a command's (the same as COMMAND --help), or a topic's: `mcpmux help config` summarises the config file.",
    ],
    positional: {
      name: "COMMAND|config",
      required: false,
      description: "A command, or config for the config file.",
    },
    flags: [],
    examples: ["mcpmux help", "mcpmux help serve", "mcpmux help config"],
  },
  {
    name: PLUGIN_HOST_COMMAND,
    summary: "Host one plugin module as an MCP server on stdio (mcpmux runs it itself)",
    description: ["How mcpmux runs a plugin server in a process of its own."],
    positional: { name: "FILE", required: true, description: "The plugin module." },
    flags: [],
    examples: [],
    hidden: true,
  },
  {
    name: CONFIG_JSON_COMMAND,
    summary: "Evaluate a config module and print it as JSON (mcpmux runs it itself)",
    description: ["How mcpmux loads a config module in a fresh process."],
    flags: [config],
    examples: [],
    hidden: true,
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The commands a user is shown (and offered as "did you mean"). */
export const VISIBLE_COMMANDS: readonly CommandSpec[] = COMMANDS.filter((c) => c.hidden !== true);
