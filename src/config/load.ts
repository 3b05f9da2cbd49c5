/**
 * Load, expand and validate a config file. Errors are data (ConfigError with
 * a list of problems), thrown only to the CLI edge.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as v from "valibot";
import { expandEnv } from "./expand-env.ts";
import { parseJsonConfig } from "./json-config.ts";
import { problemFromLoadError } from "./module-error.ts";
import { ConfigError, problemsFromIssues, type ConfigProblem } from "../validation/problems.ts";
import { ConfigSchema, type Config } from "./schema.ts";
import { RouteTable } from "../routes/rules.ts";
import { provideMcpmuxModule } from "../runtime/module-alias.ts";

export interface LoadedConfig {
  file: string;
  config: Config;
  /** What loads but is likely a mistake (an unset `${VAR}` passed on as written). */
  warnings: ConfigProblem[];
}

/**
 * The config file's value before validation: JSON parsed, or a module's
 * default export. The same function runs in this process and in the child
 * that evaluates a config for a reload (load-fresh.ts), so both report a
 * broken file with the same positioned message.
 */
export async function readRaw(file: string): Promise<unknown> {
  if (file.endsWith(".json")) {
    const text = readIfPossible(file);
    if (text === undefined)
      throw new ConfigError(file, [
        { path: "", message: "cannot read the file (a folder, or no permission?)" },
      ]);
    return parseJsonConfig(text, file);
  }
  await provideMcpmuxModule();
  // A query string makes each load a fresh module instance, so a reload sees edits.
  const url = `${pathToFileURL(file).href}?load=${Date.now()}`;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new ConfigError(file, [problemFromLoadError(err, file, readIfPossible)]);
  }
  if (mod.default === undefined) {
    throw new ConfigError(file, [
      { path: "", message: "no default export (use `export default defineConfig({...})`)" },
    ]);
  }
  return mod.default;
}

function readIfPossible(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Validate an already-read config value (from a file or a test). */
export function validateConfig(
  raw: unknown,
  file: string,
  env: Record<string, string | undefined>,
  warnings: ConfigProblem[] = [],
): Config {
  const problems: ConfigProblem[] = [];
  const expanded = expandEnv(raw, env, { problems, warnings });
  const result = v.safeParse(ConfigSchema, expanded);
  if (!result.success)
    problems.push(...problemsFromIssues(result.issues, ConfigSchema).map(claudeHint));
  else {
    problems.push(...prefixClashes(result.output));
    const routes = new RouteTable(result.output.routes ?? []);
    problems.push(...routes.problems(Object.keys(result.output.servers)));
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(file, problems);
  return result.output;
}

/** `mcpServers` is what Claude's configs call them: a pasted Claude config converts with one command. */
function claudeHint(problem: ConfigProblem): ConfigProblem {
  if (problem.path !== "mcpServers") return problem;
  return {
    ...problem,
    hint: "this looks like a Claude config: `mcpmux import FILE` converts one, or rename the key to `servers`",
  };
}

/** Two servers exposing names under the same prefix would collide on every tool. */
function prefixClashes(config: Config): ConfigProblem[] {
  const seen = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const [name, server] of Object.entries(config.servers)) {
    if (server.disabled === true) continue;
    const prefix = server.prefix === undefined ? name : server.prefix;
    if (prefix === false) continue;
    const other = seen.get(prefix);
    if (other !== undefined) {
      problems.push({
        path: `servers.${name}.prefix`,
        message: `prefix "${prefix}" is already used by server "${other}"`,
      });
    } else seen.set(prefix, name);
  }
  return problems;
}

/**
 * Stdio servers and plugin hosts run in the config file's folder unless they say otherwise
 * (a relative `cwd` is relative to it too), so a config means the same thing
 * whoever starts mcpmux from wherever: Claude, a shim, or the daemon.
 */
function anchorPaths(config: Config, baseDir: string): Config {
  const servers: Config["servers"] = {};
  for (const [name, server] of Object.entries(config.servers)) {
    const anchored = anchorEndpoint(server, baseDir);
    const variants = anchored.variants?.map((variant) => anchorEndpoint(variant, baseDir));
    servers[name] = variants === undefined ? anchored : { ...anchored, variants };
  }
  return { ...config, servers };
}

/** A plugin path is relative to the config's folder, and its host runs there like a stdio server. */
function anchorEndpoint<
  T extends { command?: string | undefined; plugin?: string | undefined; cwd?: string | undefined },
>(endpoint: T, baseDir: string): T {
  if (endpoint.plugin !== undefined)
    return { ...endpoint, plugin: resolve(baseDir, endpoint.plugin), cwd: baseDir };
  if (endpoint.command !== undefined)
    return { ...endpoint, cwd: resolve(baseDir, endpoint.cwd ?? ".") };
  return endpoint;
}

export async function loadConfig(
  file: string,
  env: Record<string, string | undefined>,
): Promise<LoadedConfig> {
  if (!existsSync(file)) {
    throw new ConfigError(file, [
      {
        path: "",
        message: "file not found",
        hint: "create one with `mcpmux init` (or convert a Claude config with `mcpmux import FILE`), or pass --config FILE",
      },
    ]);
  }
  return configFromRaw(await readRaw(file), file, env);
}

/** Validates a config value read from `file`, and anchors its paths to the file's folder. */
export function configFromRaw(
  raw: unknown,
  file: string,
  env: Record<string, string | undefined>,
): LoadedConfig {
  const warnings: ConfigProblem[] = [];
  const config = anchorPaths(validateConfig(raw, file, env, warnings), dirname(file));
  return { file, config, warnings };
}
