/**
 * Every flag mcpmux knows, once: its spelling, type and placeholder. Which
 * command takes which is said in the command table; a flag has one type
 * whatever the command, so options before the command parse the same way.
 * The parsed arguments' type is derived from this list, so a flag cannot
 * exist here without a field there, or the other way round.
 */
import { DEFAULT_CONFIG_NAMES } from "../config/locate.ts";

export interface FlagSpec {
  /** As typed after `--`. */
  readonly name: string;
  /** As typed after `-`, if it has a short form. */
  readonly short?: string;
  readonly type: "string" | "boolean";
  /** The value's placeholder in usage lines (FILE, PORT); string flags only. */
  readonly value?: string;
  /** What it does, unless a command says it in its own words. */
  readonly description: string;
}

export const FLAGS = {
  config: {
    name: "config",
    short: "c",
    type: "string",
    value: "FILE",
    description: `Config file (.ts, .mts, .js, .mjs or .json). Default: $MCPMUX_CONFIG, else the first of ${DEFAULT_CONFIG_NAMES.join(", ")} in the working directory.`,
  },
  host: {
    name: "host",
    type: "string",
    value: "HOST",
    description: "Address to listen on.",
  },
  port: {
    name: "port",
    type: "string",
    value: "PORT",
    description: "Port to listen on (0 picks a free one, printed on stderr).",
  },
  standalone: {
    name: "standalone",
    type: "boolean",
    description: "Run the servers in this process instead of attaching to the shared daemon.",
  },
  http: {
    name: "http",
    type: "boolean",
    description: "Serve over HTTP instead of stdio.",
  },
  json: {
    name: "json",
    type: "boolean",
    description: "Print JSON instead of tables.",
  },
  metrics: {
    name: "metrics",
    type: "boolean",
    description: "Print the daemon's Prometheus metrics (the text GET /metrics serves).",
  },
  tools: {
    name: "tools",
    type: "boolean",
    description: "Per tool: calls, errors, p50/p99 latency and the clients that call it.",
  },
  once: {
    name: "once",
    type: "boolean",
    description: "Print one frame and exit.",
  },
  out: {
    name: "out",
    short: "o",
    type: "string",
    value: "FILE",
    description: "Where to write the config (default ./mcp.config.ts).",
  },
  force: {
    name: "force",
    type: "boolean",
    description: "Overwrite files that exist.",
  },
  writePermissions: {
    name: "write-permissions",
    type: "string",
    value: "FILE",
    description:
      "A Claude Code settings file (.claude/settings.json, ~/.claude.json) whose permission rules for the imported servers' tools (mcp__github__*) are rewritten in place to their names through mcpmux (mcp__mcpmux__github__*).",
  },
  help: {
    name: "help",
    short: "h",
    type: "boolean",
    description: "Show help: of the command before it, or of mcpmux.",
  },
  version: {
    name: "version",
    short: "v",
    type: "boolean",
    description: "Show the version.",
  },
} as const satisfies Record<string, FlagSpec>;

export type FlagKey = keyof typeof FLAGS;

/** Taken by every command, and without one. */
export const GLOBAL_FLAGS: readonly FlagKey[] = ["help", "version"];

type FlagValues = {
  -readonly [K in FlagKey]: (typeof FLAGS)[K]["type"] extends "boolean"
    ? boolean
    : string | undefined;
};

/** What the command line says: the command, its flags (by key), and its positional argument. */
export type CliArgs = Omit<FlagValues, "port"> & {
  command: string | undefined;
  /** Checked to be a whole number from 0 to 65535. */
  port: number | undefined;
  /** The positional after the command (`import FILE`, `dev PLUGIN.ts`, `help TOPIC`). */
  target: string | undefined;
};

/** `-c, --config FILE` or `    --json`: how a flag is shown in help. */
export function flagSignature(flag: FlagSpec): string {
  const short = flag.short === undefined ? "    " : `-${flag.short}, `;
  return `${short}--${flag.name}${flag.value === undefined ? "" : ` ${flag.value}`}`;
}

/** `--config FILE` or `--json`: how a flag is shown in usage lines and errors. */
export function flagUsage(flag: FlagSpec): string {
  return `--${flag.name}${flag.value === undefined ? "" : ` ${flag.value}`}`;
}
