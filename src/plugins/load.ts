/**
 * Loading a plugin module into a ready `McpServer`, or the reason it cannot
 * be: a failed import, no default export, a definition that does not check,
 * or a schema that cannot be listed. Failures are data; the host decides how
 * to report them.
 */
import type { McpServer } from "@modelcontextprotocol/server";
import { pathToFileURL } from "node:url";
import { provideMcpmuxModule } from "../runtime/module-alias.ts";
import { checkDefinition, type DefinitionProblem } from "./definition-schema.ts";
import { failureFromError, type LoadFailure } from "./load-error.ts";
import { buildServer } from "./server.ts";

export type LoadedPlugin =
  { ok: true; name: string; server: McpServer } | { ok: false; failure: LoadFailure };

export async function loadPlugin(file: string): Promise<LoadedPlugin> {
  // "mcpmux" and "valibot" must resolve for a plugin anywhere on disk.
  await provideMcpmuxModule();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    return { ok: false, failure: failureFromError(err, file) };
  }
  const exported = defaultExport(mod);
  if (exported === undefined) {
    return {
      ok: false,
      failure: { file, message: "no default export (use `export default definePlugin({...})`)" },
    };
  }
  const checked = checkDefinition(exported);
  if (!checked.ok) return invalid(file, checked.problems);
  const built = buildServer(checked.definition);
  if (!built.ok) return invalid(file, built.problems);
  return { ok: true, name: checked.definition.name, server: built.server };
}

/**
 * A plugin that tsx compiles to CommonJS (no "type": "module" beside it)
 * arrives with its exports object as the default, `export default` inside it.
 */
function defaultExport(mod: { default?: unknown }): unknown {
  const value = mod.default;
  if (typeof value === "object" && value !== null && "__esModule" in value && "default" in value)
    return (value as { default: unknown }).default;
  return value;
}

function invalid(file: string, problems: DefinitionProblem[]): LoadedPlugin {
  const list = problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`));
  return { ok: false, failure: { file, message: `invalid plugin definition: ${list.join("; ")}` } };
}
