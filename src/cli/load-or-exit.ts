/** Loads the config for a command, or prints its problems and exits 1. */
import { ConfigError } from "../validation/problems.ts";
import { loadConfig, type LoadedConfig } from "../config/load.ts";
import { formatProblem } from "../validation/problems.ts";
import { logger } from "../log.ts";

export async function loadOrExit(file: string): Promise<LoadedConfig> {
  try {
    const loaded = await loadConfig(file, process.env);
    for (const warning of loaded.warnings) logger("config").warn(formatProblem(warning).trim());
    return loaded;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
