/**
 * The `mcpmux` module configs and plugins import:
 * `import { defineConfig } from "mcpmux"`, `import { definePlugin } from "mcpmux"`.
 * It is provided to them by mcpmux itself (also inside the compiled binary),
 * so they need no node_modules. Every config loads it: keep it to types and
 * identity functions.
 */
import type { ConfigInput } from "./config/schema.ts";

export type { Config, ConfigInput, ServerConfig } from "./config/schema.ts";
export { definePlugin } from "./plugins/define.ts";
export type {
  InputOf,
  JsonSchemaObject,
  PluginClient,
  PluginContext,
  PluginDefinition,
  PluginSchema,
  PromptArgumentDefinition,
  PromptDefinition,
  ResourceDefinition,
  ResourceReturn,
  ResourceTemplateDefinition,
  ToolDefinition,
  ToolReturn,
  UriVariables,
} from "./plugins/define.ts";

/** Identity at run time; gives the config its types in an editor. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
