/**
 * Command-line parsing, driven by the command table: a command takes the
 * flags the table lists for it and nothing else. Errors are values with a
 * hint of where to read the usage, so the CLI prints both and exits 2.
 *
 * node:util parseArgs splits the words (with every known flag, so a value
 * after a flag is never taken for the command); the checks per command are
 * done here on its tokens, as strict mode could only say "Unknown option".
 */
import { parseArgs } from "node:util";
import { didYouMean } from "../validation/did-you-mean.ts";
import { findCommand, VISIBLE_COMMANDS, type CommandSpec } from "./command-table.ts";
import { FLAGS, flagUsage, GLOBAL_FLAGS, type CliArgs, type FlagKey } from "./flags.ts";
import { listed } from "./text.ts";
import { usageLine } from "./usage.ts";

export type { CliArgs } from "./flags.ts";

export type ParsedArgs =
  | { ok: true; args: CliArgs }
  | {
      ok: false;
      error: string;
      /** Where the usage is: `mcpmux help` or `mcpmux help COMMAND`. */
      hint: string;
    };

type Token = ReturnType<typeof parseArgs>["tokens"] extends (infer T)[] | undefined ? T : never;

const FLAG_KEYS = Object.keys(FLAGS) as FlagKey[];
const KEY_BY_NAME = new Map<string, FlagKey>(FLAG_KEYS.map((key) => [FLAGS[key].name, key]));
const PARSE_OPTIONS = Object.fromEntries(
  FLAG_KEYS.map((key) => {
    const flag: { name: string; type: "string" | "boolean"; short?: string } = FLAGS[key];
    return [
      flag.name,
      flag.short === undefined ? { type: flag.type } : { type: flag.type, short: flag.short },
    ];
  }),
);

class UsageError extends Error {}

/** The flags `command` takes (its own, then the global ones); the global ones without a command. */
export function flagsOf(command: CommandSpec | undefined): FlagKey[] {
  return [...(command?.flags.map((f) => f.key) ?? []), ...GLOBAL_FLAGS];
}

export function parseCli(argv: string[]): ParsedArgs {
  const { tokens } = parseArgs({
    args: argv,
    options: PARSE_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals = tokens.flatMap((t) => (t.kind === "positional" ? [t.value] : []));
  // `mcpmux --cfg x.ts status`: the unknown option's value reads as the command; say what was wrong.
  const early = unknownOptionBeforeCommand(tokens);
  if (early !== undefined) return { ok: false, error: early, hint: "mcpmux help" };
  const name = positionals[0];
  const command = name === undefined ? undefined : findCommand(name);
  if (name !== undefined && command === undefined) {
    const guess = didYouMean(
      name,
      VISIBLE_COMMANDS.map((c) => c.name),
    );
    return { ok: false, error: `unknown command "${name}"${guess}`, hint: "mcpmux help" };
  }
  const hint = command === undefined ? "mcpmux help" : `mcpmux help ${command.name}`;
  // Whoever asks for help gets it, whatever else the line says.
  const askedHelp = tokens.some(
    (t) => t.kind === "option" && t.name === FLAGS.help.name && t.value === undefined,
  );
  try {
    const values = flagValues(tokens, command);
    const args = toArgs(values, name, positionals[1]);
    if (!args.help) checkPositionals(command, positionals.slice(1));
    return { ok: true, args };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (askedHelp) return { ok: true, args: toArgs(new Map([["help", true]]), name, undefined) };
    return { ok: false, error: err.message, hint };
  }
}

/** An option before the command that no command takes, as an error message; else undefined. */
function unknownOptionBeforeCommand(tokens: Token[]): string | undefined {
  for (const token of tokens) {
    if (token.kind === "positional") return undefined;
    if (token.kind !== "option" || KEY_BY_NAME.has(token.name)) continue;
    const names = Object.values(FLAGS).map((f) => `--${f.name}`);
    return `unknown option ${token.rawName}${didYouMean(token.rawName, names)}`;
  }
  return undefined;
}

/** The value of each flag given (the last one wins), refusing flags the command does not take. */
function flagValues(
  tokens: Token[],
  command: CommandSpec | undefined,
): Map<FlagKey, string | boolean> {
  const allowed = flagsOf(command);
  const values = new Map<FlagKey, string | boolean>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const key = KEY_BY_NAME.get(token.name);
    if (key === undefined || !allowed.includes(key)) throw notTaken(token.rawName, key, command);
    const flag: { type: "string" | "boolean"; value?: string } = FLAGS[key];
    if (flag.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      values.set(key, true);
      continue;
    }
    // Without strict mode, `--config --json` would take "--json" for the file.
    if (token.value === undefined || (token.inlineValue !== true && token.value.startsWith("-")))
      throw new UsageError(`${token.rawName} needs a value: ${flagUsage(FLAGS[key])}`);
    values.set(key, token.value);
  }
  return values;
}

function notTaken(
  raw: string,
  key: FlagKey | undefined,
  command: CommandSpec | undefined,
): UsageError {
  const allowed = flagsOf(command).map((k) => FLAGS[k]);
  const takes = allowed.map(flagUsage).join(", ");
  const takers = VISIBLE_COMMANDS.filter((c) => c.flags.some((f) => f.key === key)).map(
    (c) => c.name,
  );
  const who = `${listed(takers)} ${takers.length === 1 ? "takes" : "take"} it`;
  if (key === undefined) {
    const guess = didYouMean(
      raw,
      allowed.map((f) => `--${f.name}`),
    );
    const scope = command === undefined ? "without a command, mcpmux" : command.name;
    return new UsageError(`unknown option ${raw}${guess}; ${scope} takes ${takes}`);
  }
  if (command === undefined) return new UsageError(`${raw} goes with a command (${who})`);
  return new UsageError(`${command.name} does not take ${raw} (${who}); it takes ${takes}`);
}

function checkPositionals(command: CommandSpec | undefined, rest: string[]): void {
  if (command === undefined) return;
  const { positional } = command;
  const extra = rest[positional === undefined ? 0 : 1];
  if (extra !== undefined) {
    const takes = positional === undefined ? "no argument" : `one ${positional.name}`;
    throw new UsageError(`unexpected argument: ${extra} (${command.name} takes ${takes})`);
  }
  if (positional?.required === true && rest[0] === undefined)
    throw new UsageError(`${command.name} needs ${positional.name}: ${usageLine(command)}`);
}

function toArgs(
  values: Map<FlagKey, string | boolean>,
  command: string | undefined,
  target: string | undefined,
): CliArgs {
  const text = (key: FlagKey): string | undefined => {
    const value = values.get(key);
    return typeof value === "string" ? value : undefined;
  };
  const on = (key: FlagKey): boolean => values.get(key) === true;
  return {
    command,
    target,
    config: text("config"),
    host: text("host"),
    port: portOf(text("port")),
    standalone: on("standalone"),
    http: on("http"),
    json: on("json"),
    metrics: on("metrics"),
    tools: on("tools"),
    once: on("once"),
    out: text("out"),
    force: on("force"),
    writePermissions: text("writePermissions"),
    help: on("help"),
    version: on("version"),
  };
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}
