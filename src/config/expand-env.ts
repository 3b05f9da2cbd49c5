/**
 * Environment variables in config strings, so secrets stay out of the file.
 * The forms:
 *
 *   ${NAME}                 the variable's value
 *   ${NAME:-default}        the value, or `default` when unset or empty
 *   ${env:NAME}             the same as ${NAME} (mcpmux's original spelling)
 *   ${env:NAME:-default}    the same as ${NAME:-default}
 *   $${...}                 the literal text ${...}, not expanded
 *
 * NAME is a letter or `_`, then letters, digits and `_`. The bare forms are
 * Claude Code's own for .mcp.json (its docs: "${VAR} expands to the value of
 * environment variable VAR; ${VAR:-default} expands to VAR if set, otherwise
 * uses default", with the same NAME rule), so servers `mcpmux import`
 * copies from Claude keep working as written. Where the two differ:
 * - a variable that is unset with no default is a config problem here
 *   (`check` names the path and the variable); Claude Code warns and sends
 *   the text `${NAME}` as it is, which only fails later, at the server;
 * - `:-` also applies to a variable set to the empty string, as in sh
 *   (Claude Code 2.1 uses the empty value);
 * - every string of the config is expanded, not only command, args, env,
 *   url and headers; `$${` is the way to write a literal `${` anywhere.
 * A value is inserted as it is: `${` in a variable's value is not expanded again.
 */
import type { ConfigProblem } from "../validation/problems.ts";

// Group 1: `$` of an escape `$${`; group 2: the name; group 3: the default.
const PATTERN = /\$(\$)?\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function expandString(
  text: string,
  env: Record<string, string | undefined>,
  problems: ConfigProblem[],
  path: string[],
): string {
  return text.replace(
    PATTERN,
    (match, escape: string | undefined, name: string, fallback: string | undefined) => {
      if (escape !== undefined) return match.slice(1);
      const value = env[name];
      const found =
        (value === undefined || value === "") && fallback !== undefined ? fallback : value;
      if (found === undefined) {
        problems.push({ path: path.join("."), message: `environment variable ${name} is not set` });
        return "";
      }
      return found;
    },
  );
}

export function expandEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  problems: ConfigProblem[],
  path: string[] = [],
): unknown {
  if (typeof value === "string") return expandString(value, env, problems, path);
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
