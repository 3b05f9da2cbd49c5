/**
 * Which config file to load: `--config FILE`, else `$MCPMUX_CONFIG`, else
 * `./mcp.config.ts`, else `./mcp.config.json` in the working directory.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const DEFAULT_CONFIG_NAMES = [
  "mcp.config.ts",
  "mcp.config.mts",
  "mcp.config.js",
  "mcp.config.mjs",
  "mcp.config.json",
];

export function locateConfig(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  const explicit = flag ?? env["MCPMUX_CONFIG"];
  if (explicit !== undefined && explicit !== "") return resolve(cwd, explicit);
  for (const name of DEFAULT_CONFIG_NAMES) {
    const candidate = resolve(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return resolve(cwd, DEFAULT_CONFIG_NAMES[0] ?? "mcp.config.ts");
}
