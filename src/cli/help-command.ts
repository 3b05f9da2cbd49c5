/**
 * `mcpmux help [COMMAND|TOPIC]`, `mcpmux COMMAND --help` and `mcpmux --help`:
 * help asked for goes to stdout and exits 0.
 */
import { didYouMean } from "../validation/did-you-mean.ts";
import type { CliArgs } from "./args.ts";
import { findCommand, HELP_TOPICS, VISIBLE_COMMANDS } from "./command-table.ts";
import { EXIT } from "./exit-codes.ts";
import { commandHelp, globalHelp } from "./help.ts";

export async function runHelp(args: CliArgs): Promise<void> {
  // `mcpmux help X` asks about X; `mcpmux X --help` about X; `mcpmux --help` about mcpmux.
  const subject = args.command === "help" && !args.help ? args.target : args.command;
  if (subject === undefined) return void process.stdout.write(globalHelp());
  if (subject === "config" && args.command === "help")
    return void process.stdout.write((await import("./help-config.ts")).configHelp());
  const command = findCommand(subject);
  if (command !== undefined) return void process.stdout.write(commandHelp(command));
  const known = [...VISIBLE_COMMANDS.map((c) => c.name), ...HELP_TOPICS];
  process.stderr.write(
    `mcpmux: no help for "${subject}"${didYouMean(subject, known)}\nRun \`mcpmux help\` for the commands and topics.\n`,
  );
  process.exit(EXIT.usage);
}
