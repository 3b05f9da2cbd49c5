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
 * - `${NAME}` unset with no default stays as it is written, as in Claude
 *   Code (a shell snippet's `${f}` in a server's args keeps working), and
 *   is a warning: `check` names the path and the variable, the daemon logs
 *   it. Where the text would be sent on as a value (an `env` or `headers`
 *   entry, a `token`), and always for `${env:NAME}`, mcpmux's own
 *   spelling, it is a config problem: a missing secret is not sent as text;
 * - `:-` also applies to a variable set to the empty string, as in sh
 *   (Claude Code 2.1 uses the empty value);
 * - every string of the config is expanded, not only command, args, env,
 *   url and headers; `$${` is a literal `${` anywhere.
 * A value is inserted as it is: `${` in a variable's value is not expanded again.
 */
import type { ConfigProblem } from "../validation/problems.ts";

// An escape `$${` (group 1), or a variable: `env:` (group 2), the name (3), the default (4).
const PATTERN = /(\$\$\{)|\$\{(env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** What expanding a config found wrong: problems stop it from loading, warnings do not. */
export interface ExpandFindings {
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
}

/** An `env` or `headers` entry, or a token: text a server or client would get as a value. */
function sentAsValue(path: string[]): boolean {
  const parent = path[path.length - 2];
  return parent === "env" || parent === "headers" || path[path.length - 1] === "token";
}

function expandString(
  text: string,
  env: Record<string, string | undefined>,
  found: ExpandFindings,
  path: string[],
): string {
  return text.replace(
    PATTERN,
    (
      match,
      escape: string | undefined,
      prefixed: string | undefined,
      name: string,
      fallback: string | undefined,
    ) => {
      if (escape !== undefined) return "${";
      const value = env[name];
      const result =
        (value === undefined || value === "") && fallback !== undefined ? fallback : value;
      if (result !== undefined) return result;
      const where = path.join(".");
      if (prefixed !== undefined || sentAsValue(path)) {
        found.problems.push({ path: where, message: `environment variable ${name} is not set` });
        return "";
      }
      found.warnings.push({
        path: where,
        message: `environment variable ${name} is not set, so ${match} is passed on as written`,
        hint: `set it, give a default (\${${name}:-}), or write $\${${name}} to mean the text itself`,
      });
      return match;
    },
  );
}

export function expandEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  found: ExpandFindings,
  path: string[] = [],
): unknown {
  if (typeof value === "string") return expandString(value, env, found, path);
  if (Array.isArray(value))
    return value.map((item, i) => expandEnv(item, env, found, [...path, String(i)]));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = expandEnv(item, env, found, [...path, key]);
    return out;
  }
  return value;
}
