/**
 * The files `mcpmux import` writes: the config (TypeScript, or JSON for a
 * .json file) with the types beside it, and with --write-permissions the
 * rewritten Claude Code settings file. Everything that can refuse is
 * checked before the first file is written.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { importClaudeConfig, renderConfig, type ImportResult } from "./claude-import.ts";
import { DECLARATIONS } from "./declarations.ts";
import { configFormat } from "./init-files.ts";
import { planSettings, writeSettings, type SettingsWritten } from "./settings-file.ts";
import {
  checkWritable,
  fsReason,
  refuseOverwrite,
  SetupError,
  writeOrFail,
} from "./setup-error.ts";

export interface ImportOptions {
  source: string;
  out: string;
  force: boolean;
  writePermissions: string | undefined;
}

export interface ImportDone extends ImportResult {
  out: string;
  declarations: string | undefined;
  permissions: SettingsWritten | undefined;
}

function readSource(source: string): unknown {
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (err) {
    throw new SetupError(`cannot read ${source}: ${fsReason(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SetupError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

export function importFiles(options: ImportOptions): ImportDone {
  const { source, out, force, writePermissions } = options;
  const result = importClaudeConfig(readSource(source));
  if (result.servers.length === 0) {
    const skipped = result.skipped.map((line) => `; skipped ${line}`).join("");
    throw new SetupError(`no MCP servers found in ${source} (looked for "mcpServers")${skipped}`);
  }
  checkWritable(out);
  const json = configFormat(out) === "json";
  refuseOverwrite(out, force);
  const plan =
    writePermissions === undefined ? undefined : planSettings(writePermissions, result.servers);
  // The settings first: their backup is the last step that can refuse.
  const permissions = plan === undefined ? undefined : writeSettings(plan);
  writeOrFail(out, renderConfig(result.servers, source, out));
  const declarations = json ? undefined : join(dirname(out), "mcpmux.d.ts");
  if (declarations !== undefined) writeOrFail(declarations, DECLARATIONS);
  return { ...result, out, declarations, permissions };
}
