/**
 * Globs for routing rules: `*` is any run of characters (including none), `?`
 * is exactly one character, everything else is literal. Deliberately tiny:
 * tool names cannot contain `*` or `?`, so no escape syntax is needed, and
 * `*` crosses `/` and `__` alike because names and URIs have no path levels
 * worth honouring here.
 */

/** Every character RegExp syntax gives a meaning to; with the `u` flag only these may be escaped. */
const SPECIAL = /[\\^$.*+?()[\]{}|]/g;

export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const part of glob.split(/([*?])/)) {
    if (part === "*") source += ".*";
    else if (part === "?") source += ".";
    else source += part.replace(SPECIAL, "\\$&");
  }
  // Anchored: a glob describes the whole name. `s` lets `*` and `?` match a
  // line break; `u` makes `?` one code point, not half a surrogate pair.
  return new RegExp(`^${source}$`, "su");
}
