/** Loads the config for a command, or prints its problems and exits 1. */
import { ConfigError } from "../validation/problems.ts";
import { loadConfig, type LoadedConfig } from "../config/load.ts";

export async function loadOrExit(file: string): Promise<LoadedConfig> {
  try {
    return await loadConfig(file, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
