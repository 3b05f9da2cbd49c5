/**
 * docs/cli.md, made from the same table as the parser and the help, so the
 * reference cannot say what the binary does not do. A unit test fails when
 * the file in the repository differs from this; regenerate it with
 * `node --import tsx scripts/cli-docs.ts > docs/cli.md`. The Markdown is
 * written the way prettier would format it (no tables, lists and fences
 * only), so `prettier --check` leaves it alone.
 */
import { VISIBLE_COMMANDS, type CommandSpec } from "./command-table.ts";
import { EXIT_CODES } from "./exit-codes.ts";
import { FLAGS, flagSignature, GLOBAL_FLAGS } from "./flags.ts";
import { CONFIG_KEYS } from "./help-config.ts";
import { ENVIRONMENT } from "./help.ts";
import { usageLine } from "./usage.ts";

export const REGENERATE = "node --import tsx scripts/cli-docs.ts > docs/cli.md";

/** Inline code that survives any backtick inside it. */
const code = (text: string): string => (text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``);

const ALNUM = /[A-Za-z0-9]/;

/** Underscores inside a word (MCPMUX_CONFIG) are never emphasis; others may be. */
const underscores = (text: string): string =>
  text.replace(/_+/g, (run: string, at: number) =>
    ALNUM.test(text[at - 1] ?? "") && ALNUM.test(text[at + run.length] ?? "")
      ? run
      : run.replace(/_/g, "\\_"),
  );

/** Help text as Markdown: what Markdown would take for markup is escaped, except in `code`. */
const prose = (text: string): string =>
  text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : underscores(part.replace(/([\\*<>[\]])/g, "\\$1"))))
    .join("");

const item = (term: string, text: string): string => `- ${code(term)}: ${prose(text)}`;

function commandSection(command: CommandSpec): string {
  const parts = [
    `### ${command.name}`,
    `\`\`\`sh\n${usageLine(command)}\n\`\`\``,
    ...command.description.map(prose),
  ];
  const { positional } = command;
  if (positional !== undefined)
    parts.push(`Argument:\n\n${item(positional.name, positional.description)}`);
  const flags = [
    ...command.flags.map(({ key, description }) =>
      item(flagSignature(FLAGS[key]).trim(), description ?? FLAGS[key].description),
    ),
    ...GLOBAL_FLAGS.map((key) => item(flagSignature(FLAGS[key]).trim(), FLAGS[key].description)),
  ];
  parts.push(`Options:\n\n${flags.join("\n")}`);
  if (command.examples.length > 0)
    parts.push(`Examples:\n\n\`\`\`sh\n${command.examples.join("\n")}\n\`\`\``);
  return parts.join("\n\n");
}

export function cliReference(): string {
  const sections = [
    "# mcpmux command line",
    `<!-- Generated from src/cli/command-table.ts: do not edit, run \`${REGENERATE}\`. -->`,
    `Every command, its options and exit codes, as \`mcpmux help\` shows them. ${prose("The same text is in the binary: `mcpmux --help`, `mcpmux help COMMAND` and `mcpmux help config`.")}`,
    "```sh\nmcpmux COMMAND [OPTIONS]\n```",
    "## Commands",
    VISIBLE_COMMANDS.map((c) => `- [${c.name}](#${c.name}): ${prose(c.summary)}`).join("\n"),
    "## Global options",
    GLOBAL_FLAGS.map((key) => item(flagSignature(FLAGS[key]).trim(), FLAGS[key].description)).join(
      "\n",
    ),
    "## Environment",
    ENVIRONMENT.map(([name, text]) => item(name, text)).join("\n"),
    "## Exit codes",
    EXIT_CODES.map(([exit, meaning]) => item(String(exit), meaning)).join("\n"),
    "## Command reference",
    ...VISIBLE_COMMANDS.map(commandSection),
    "## The config file",
    prose("The main keys, as `mcpmux help config` lists them:"),
    // The keys of one server are indented under servers.<name> in the help: nested here.
    CONFIG_KEYS.map(
      ([key, text]) => (key.startsWith(" ") ? "  " : "") + item(key.trim(), text),
    ).join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}

/** The README's command list (between its `commands` markers): usage lines and summaries, from the same table. */
export const README_REGENERATE = "node --import tsx scripts/cli-docs.ts --readme";
export const README_START = "<!-- commands: generated from src/cli/command-table.ts -->";
export const README_END = "<!-- end of commands -->";

export function readmeCommands(): string {
  const usages = VISIBLE_COMMANDS.map((c) => usageLine(c));
  const width = Math.max(...usages.map((u) => u.length)) + 2;
  const lines = VISIBLE_COMMANDS.map((c, i) => `${(usages[i] ?? "").padEnd(width)}${c.summary}`);
  return `${README_START}\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n\n${README_END}`;
}
