/**
 * Matching a concrete URI against an RFC 6570 URI template, to route
 * `resources/read` for a templated resource to the server that offers it.
 */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function templatePattern(template: string): RegExp {
  let pattern = "";
  let last = 0;
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    pattern += escape(template.slice(last, match.index));
    const op = match[1]?.[0] ?? "";
    if (op === "+") pattern += ".*";
    else if (op === "#") pattern += "(?:#.*)?";
    else if (op === ".") pattern += "(?:\\.[^/?#]*)?";
    else if (op === ";") pattern += "(?:;[^/?#]*)?";
    else if (op === "?" || op === "&") pattern += "(?:[?&].*)?";
    else if (op === "/") pattern += "(?:/[^?#]*)?";
    else pattern += "[^/?#]*";
    last = (match.index ?? 0) + match[0].length;
  }
  pattern += escape(template.slice(last));
  return new RegExp(`^${pattern}$`);
}
