/**
 * The `mcpmux` module a config imports: `import { defineConfig } from "mcpmux"`.
 * It is provided to the config by mcpmux itself (also inside the compiled
 * binary), so a config needs no node_modules.
 */
import type { ConfigInput } from "./config/schema.ts";

export type { Config, ConfigInput, ServerConfig } from "./config/schema.ts";

/** Identity at run time; gives the config its types in an editor. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
