/**
 * The files `mcpmux init` writes: the starter config (TypeScript, or JSON
 * for a .json file), the types of the "mcpmux" module beside it, and the
 * example plugin the config serves. Everything is checked before the first
 * file is written, so a refusal leaves nothing half-done.
 */
import { mkdirSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { DECLARATIONS } from "./declarations.ts";
import {
  checkWritable,
  fsReason,
  refuseOverwrite,
  SetupError,
  writeOrFail,
} from "./setup-error.ts";
import { STARTER_CONFIG, STARTER_PLUGIN } from "./starter.ts";
import { STARTER_JSON_TEXT } from "./starter-json.ts";

/** The extensions mcpmux loads a config from (config/load.ts): a module, or JSON. */
const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

export interface InitResult {
  config: string;
  declarations: string;
  plugin: string;
  json: boolean;
}

export function configFormat(file: string): "json" | "module" {
  const ext = extname(file);
  if (ext === ".json") return "json";
  if (MODULE_EXTENSIONS.includes(ext)) return "module";
  throw new SetupError(
    `${file}: a config is a ${MODULE_EXTENSIONS.join(", ")} or .json file (e.g. --out mcp.config.ts or --out mcp.config.json)`,
  );
}

export function writeStarter(file: string, force: boolean): InitResult {
  checkWritable(file);
  const json = configFormat(file) === "json";
  const folder = dirname(file);
  const plugin = join(folder, "plugins", "hello.ts");
  const declarations = join(folder, "mcpmux.d.ts");
  refuseOverwrite(file, force);
  refuseOverwrite(plugin, force);
  writeOrFail(file, json ? STARTER_JSON_TEXT : STARTER_CONFIG);
  // The plugin is TypeScript whatever the config is; these types serve it in an editor.
  writeOrFail(declarations, DECLARATIONS);
  try {
    mkdirSync(dirname(plugin), { recursive: true });
  } catch (err) {
    throw new SetupError(`cannot create ${dirname(plugin)}: ${fsReason(err)}`);
  }
  writeOrFail(plugin, STARTER_PLUGIN);
  return { config: file, declarations, plugin, json };
}
