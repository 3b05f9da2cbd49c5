/** `mcpmux init` and `mcpmux import`: write a config, then print how to use it from Claude. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { selfCommand } from "../runtime/self-command.ts";
import { importClaudeConfig, renderConfig } from "../setup/claude-import.ts";
import { DECLARATIONS } from "../setup/declarations.ts";
import { STARTER_CONFIG, STARTER_PLUGIN } from "../setup/starter.ts";

function refuseOverwrite(file: string, force: boolean): void {
  if (existsSync(file) && !force) {
    process.stderr.write(`mcpmux: ${file} exists; pass --force to overwrite it\n`);
    process.exit(1);
  }
}

/** Writes the config and, beside it, the types of the "mcpmux" module. */
function writeConfigFiles(file: string, text: string): void {
  writeFileSync(file, text);
  writeFileSync(join(dirname(file), "mcpmux.d.ts"), DECLARATIONS);
}

export function claudeSnippet(configFile: string): string {
  const { command, args } = selfCommand();
  const entry = { command, args: [...args, "stdio", "--config", configFile] };
  return [
    "Claude Desktop (claude_desktop_config.json) or a project's .mcp.json:",
    JSON.stringify({ mcpServers: { mcpmux: entry } }, null, 2),
    "",
    "Claude Code:",
    `claude mcp add mcpmux -- ${[entry.command, ...entry.args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ")}`,
    "",
  ].join("\n");
}

export function runInit(out: string | undefined, force: boolean): void {
  const file = resolve(out ?? "mcp.config.ts");
  const plugin = join(dirname(file), "plugins", "hello.ts");
  refuseOverwrite(file, force);
  refuseOverwrite(plugin, force);
  writeConfigFiles(file, STARTER_CONFIG);
  mkdirSync(dirname(plugin), { recursive: true });
  writeFileSync(plugin, STARTER_PLUGIN);
  process.stdout.write(
    `wrote ${file}, ${join(dirname(file), "mcpmux.d.ts")} and the example plugin ${plugin}\n\n${claudeSnippet(file)}`,
  );
}

export function runImport(
  source: string | undefined,
  out: string | undefined,
  force: boolean,
): void {
  if (source === undefined) {
    process.stderr.write(
      "mcpmux: import needs a file: mcpmux import ~/.claude.json (or claude_desktop_config.json, .mcp.json)\n",
    );
    process.exit(2);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(source, "utf8"));
  } catch (err) {
    process.stderr.write(`mcpmux: cannot read ${source}: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const { servers, skipped } = importClaudeConfig(doc);
  for (const line of skipped) process.stderr.write(`mcpmux: skipped ${line}\n`);
  if (servers.length === 0) {
    process.stderr.write(`mcpmux: no MCP servers found in ${source} (looked for "mcpServers")\n`);
    process.exit(1);
  }
  const file = resolve(out ?? "mcp.config.ts");
  refuseOverwrite(file, force);
  writeConfigFiles(file, renderConfig(servers, source));
  process.stdout.write(
    `wrote ${file} with ${servers.length} server(s): ${servers.map((s) => s.name).join(", ")}\n\n${claudeSnippet(file)}`,
  );
}
