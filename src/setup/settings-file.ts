/**
 * `--write-permissions SETTINGS.json`: read a Claude Code settings file and
 * plan its rewrite before anything is written (so a file that is missing or
 * not JSON stops the import early), then back up the original beside it and
 * write the rewritten text.
 */
import { constants, copyFileSync, existsSync, readFileSync } from "node:fs";
import type { ImportedServer } from "./claude-import.ts";
import { fsReason, SetupError, writeOrFail } from "./setup-error.ts";
import { rewriteSettings, type SettingsRewrite } from "./settings-rewrite.ts";

export interface SettingsPlan extends SettingsRewrite {
  file: string;
}

export interface SettingsWritten extends SettingsPlan {
  /** Where the original is now; undefined when no rule changed and nothing was written. */
  backup: string | undefined;
}

export function planSettings(file: string, servers: ImportedServer[]): SettingsPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new SetupError(`cannot read the settings file ${file}: ${fsReason(err)}`);
  }
  try {
    return { file, ...rewriteSettings(text, servers) };
  } catch (err) {
    throw new SetupError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A backup never replaces an earlier one: that may be the only copy of the original rules. */
function backupName(file: string, now: Date): string {
  const plain = `${file}.mcpmux-backup`;
  if (!existsSync(plain)) return plain;
  return `${plain}-${now.toISOString().replace(/[:.]/g, "-")}`;
}

export function writeSettings(plan: SettingsPlan, now = new Date()): SettingsWritten {
  if (plan.changes.length === 0) return { ...plan, backup: undefined };
  const backup = backupName(plan.file, now);
  try {
    copyFileSync(plan.file, backup, constants.COPYFILE_EXCL);
  } catch (err) {
    throw new SetupError(
      `cannot back up ${plan.file} to ${backup} (${fsReason(err)}); the settings file was not changed`,
    );
  }
  writeOrFail(plan.file, plan.text);
  return { ...plan, backup };
}
