/**
 * The help texts, made from the command table: `mcpmux --help` (every
 * command in a line, the global options, environment and exit codes) and
 * `mcpmux help COMMAND` (its usage, description, flags and examples).
 * Everything a user holding only the binary needs is here or one
 * `mcpmux help ...` away.
 */
import { VERSION } from "../version.ts";
import { VISIBLE_COMMANDS, type CommandSpec } from "./command-table.ts";
import { EXIT_CODES } from "./exit-codes.ts";
import { FLAGS, flagSignature, GLOBAL_FLAGS } from "./flags.ts";
import { columns, wrap } from "./text.ts";
import { usageLine } from "./usage.ts";

const WIDTH = 80;

/** The environment variables mcpmux reads, for the help and docs/cli.md. */
export const ENVIRONMENT: ReadonlyArray<readonly [string, string]> = [
  ["MCPMUX_CONFIG", "Config file when --config is not given."],
  [
    "MCPMUX_LOG",
    "Log level on stderr: debug, info (default), warn or error. With debug, errors also print their stack trace.",
  ],
  [
    "XDG_RUNTIME_DIR",
    "Where the daemon's socket, lock and pid files go (mcpmux/ in it; default a private folder in the system temp dir).",
  ],
  [
    "XDG_STATE_HOME",
    "Where a daemon started by a shim logs (mcpmux/ in it; default ~/.local/state).",
  ],
];

const GETTING_STARTED: ReadonlyArray<readonly [string, string]> = [
  [
    "mcpmux init",
    "Write a starter ./mcp.config.ts and print how to add it to Claude Code and Claude Desktop.",
  ],
  ["mcpmux check", "Validate the config."],
  [
    "mcpmux status",
    "Once a client runs mcpmux stdio: the shared daemon, its servers and sessions.",
  ],
];

const MORE_HELP: ReadonlyArray<readonly [string, string]> = [
  ["mcpmux help COMMAND", "A command's usage, options and examples."],
  ["mcpmux help config", "The config file: where it is read from, its main keys."],
];

/** The flags of a command in help's two columns, its own words first, then --help and --version. */
export function flagRows(command: CommandSpec | undefined): Array<[string, string]> {
  const own = (command?.flags ?? []).map(({ key, description }): [string, string] => [
    flagSignature(FLAGS[key]),
    description ?? FLAGS[key].description,
  ]);
  return [
    ...own,
    ...GLOBAL_FLAGS.map((key): [string, string] => [
      flagSignature(FLAGS[key]),
      FLAGS[key].description,
    ]),
  ];
}

export function commandHelp(command: CommandSpec): string {
  const parts = [
    `Usage: ${usageLine(command)}`,
    command.description.map((p) => wrap(p, WIDTH)).join("\n\n"),
  ];
  const { positional } = command;
  if (positional !== undefined)
    parts.push(`Arguments:\n${columns([[positional.name, positional.description]], WIDTH)}`);
  parts.push(`Options:\n${columns(flagRows(command), WIDTH)}`);
  if (command.examples.length > 0)
    parts.push(`Examples:\n${command.examples.map((e) => `  ${e}`).join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

export function globalHelp(): string {
  const commands = VISIBLE_COMMANDS.map((c): [string, string] => [c.name, c.summary]);
  return `${[
    `mcpmux ${VERSION}: one MCP server in front of many, shared by every client session.`,
    "Usage: mcpmux COMMAND [OPTIONS]",
    `Commands:\n${columns(commands, WIDTH)}`,
    `Global options:\n${columns(flagRows(undefined), WIDTH)}`,
    `Environment:\n${columns(ENVIRONMENT, WIDTH)}`,
    `Exit codes:\n${columns(
      EXIT_CODES.map(([code, meaning]) => [String(code), meaning]),
      WIDTH,
    )}`,
    `Getting started:\n${columns(GETTING_STARTED, WIDTH)}`,
    `More help:\n${columns(MORE_HELP, WIDTH)}`,
  ].join("\n\n")}\n`;
}
