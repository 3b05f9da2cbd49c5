/** A command's usage line, as help shows it and usage errors quote it. */
import type { CommandSpec } from "./command-table.ts";
import { FLAGS, flagUsage } from "./flags.ts";

/** `mcpmux serve [--config FILE] [--host HOST] [--port PORT]` */
export function usageLine(command: CommandSpec): string {
  const words = ["mcpmux", command.name];
  const { positional } = command;
  if (positional !== undefined)
    words.push(positional.required ? positional.name : `[${positional.name}]`);
  for (const { key } of command.flags) words.push(`[${flagUsage(FLAGS[key])}]`);
  return words.join(" ");
}
