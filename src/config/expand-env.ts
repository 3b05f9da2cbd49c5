/**
 * `${env:NAME}` in any string of the config is replaced by the environment
 * variable, so secrets stay out of the file. `${env:NAME:-fallback}` gives a
 * default, used when the variable is unset or empty. A variable that is unset with no default is a config problem.
 */
import type { ConfigProblem } from "../validation/problems.ts";

const PATTERN = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function expandEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  problems: ConfigProblem[],
  path: string[] = [],
): unknown {
  if (typeof value === "string") {
    return value.replace(PATTERN, (_match, name: string, fallback: string | undefined) => {
      // As in sh: `:-` also applies when the variable is set but empty.
      const value = env[name];
      const found =
        (value === undefined || value === "") && fallback !== undefined ? fallback : value;
      if (found === undefined) {
        problems.push({ path: path.join("."), message: `environment variable ${name} is not set` });
        return "";
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((item, i) => expandEnv(item, env, problems, [...path, String(i)]));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = expandEnv(item, env, problems, [...path, key]);
    return out;
  }
  return value;
}
