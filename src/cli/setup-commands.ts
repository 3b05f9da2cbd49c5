/**
 * `mcpmux init` and `mcpmux import`: write a config, then print how to use it
 * from Claude. Results go to stdout; warnings and refusals to stderr, as one
 * sentence each (a SetupError), never a stack trace.
 */
import { resolve } from "node:path";
import { selfCommand } from "../runtime/self-command.ts";
import { renamedServers } from "../setup/claude-import.ts";
import { importFiles, type ImportDone } from "../setup/import-files.ts";
import { writeStarter } from "../setup/init-files.ts";
import { MUX_SERVER } from "../setup/permission-rules.ts";
import { SetupError } from "../setup/setup-error.ts";
import { STARTER_JSON_DROPPED } from "../setup/starter-json.ts";
import { switchOverText } from "../setup/switch-over.ts";
import { shellWord } from "../setup/shell-word.ts";

/** Runs a setup step; a SetupError is told in one line and ends the process with its code. */
function orExit<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
    process.stderr.write(`mcpmux: ${err.message}\n`);
    process.exit(err.exitCode);
  }
}

export function claudeSnippet(configFile: string): string {
  const { command, args } = selfCommand();
  const entry = { command, args: [...args, "stdio", "--config", configFile] };
  return [
    "Claude Desktop (claude_desktop_config.json) or a project's .mcp.json:",
    JSON.stringify({ mcpServers: { [MUX_SERVER]: entry } }, null, 2),
    "",
    "Claude Code:",
    `claude mcp add ${MUX_SERVER} -- ${[entry.command, ...entry.args].map(shellWord).join(" ")}`,
    "",
  ].join("\n");
}

export function runInit(out: string | undefined, force: boolean): void {
  const done = orExit(() => writeStarter(resolve(out ?? "mcp.config.ts"), force));
  const dropped = done.json ? `\n${STARTER_JSON_DROPPED}` : "";
  process.stdout.write(
    `wrote ${done.config}, ${done.declarations} and the example plugin ${done.plugin}\n${dropped}\n${claudeSnippet(done.config)}`,
  );
}

function permissionLines(done: ImportDone): string {
  const written = done.permissions;
  if (written === undefined) return "";
  const lines = written.changes.map(
    (c) => `  ${c.where}: ${c.from} -> ${c.to}${c.note === undefined ? "" : ` (${c.note})`}`,
  );
  const head =
    written.backup === undefined
      ? `${written.file}: no permission rule names the imported servers; left unchanged`
      : `rewrote ${written.file} (the original is in ${written.backup}):`;
  return `${[head, ...lines].join("\n")}\n\n`;
}

export function runImport(
  source: string | undefined,
  out: string | undefined,
  force: boolean,
  writePermissions?: string | undefined,
): void {
  if (source === undefined) {
    process.stderr.write(
      "mcpmux: import needs a file: mcpmux import ~/.claude.json (or claude_desktop_config.json, .mcp.json)\n",
    );
    process.exit(2);
  }
  // Absolute paths, so what is printed (and the config's header) names the files wherever it is read.
  const from = resolve(source);
  const settings = writePermissions === undefined ? undefined : resolve(writePermissions);
  const done = orExit(() =>
    importFiles({
      source: from,
      out: resolve(out ?? "mcp.config.ts"),
      force,
      writePermissions: settings,
    }),
  );
  for (const line of done.skipped) process.stderr.write(`mcpmux: skipped ${line}\n`);
  for (const s of renamedServers(done.servers))
    process.stderr.write(
      `mcpmux: ${JSON.stringify(s.original)} is now ${JSON.stringify(s.name)} (server names are letters, digits, _ and -)\n`,
    );
  for (const check of done.permissions?.checks ?? [])
    process.stderr.write(
      `mcpmux: ${done.permissions?.file}: left ${check.where} (${check.rule}) as it is: ${check.note}\n`,
    );
  const names = done.servers.map((s) => s.name).join(", ");
  process.stdout.write(
    `wrote ${done.out} with ${done.servers.length} server(s): ${names}\n\n` +
      permissionLines(done) +
      claudeSnippet(done.out) +
      "\n" +
      switchOverText(from, done.out, done.servers, done.permissions),
  );
}
