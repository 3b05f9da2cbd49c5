/**
 * Claude Code permission rules for the tools of servers that move behind
 * mcpmux. Claude Code names an MCP tool `mcp__<server>__<tool>`, <server>
 * being the name in its config with every character other than letters,
 * digits, `_` and `-` made `_`. Its rules for MCP tools (Claude Code's
 * permissions docs, and its matcher as of 2.1.197):
 *
 *   mcp__<server>           every tool of that server
 *   mcp__<server>__*        the same, as a wildcard
 *   mcp__<server>__<tool>   one tool; a `*` in <tool> is a wildcard (mcp__github__get_*)
 *   mcp__*                  every MCP tool (deny and ask lists only)
 *
 * A rule's server part is compared with the tool's as it is, and the rest,
 * `__` included, is matched as a glob against the rest of the tool's name.
 * Through mcpmux every tool comes from the server `mcpmux` and is named
 * `<server>__<tool>`, so `mcp__mcpmux__github__*` matches all of github's
 * tools and nothing else: each form has an exact counterpart.
 */
import { MAX_NAME_LENGTH } from "../protocol/naming.ts";

/** The name `mcpmux init` and `import` tell users to give mcpmux in Claude. */
export const MUX_SERVER = "mcpmux";
/** Between a server's name and its tool's in mcpmux (the default separator). */
const SEPARATOR = "__";

export type RuleMapping =
  /** The rule does not name an imported server: it stays. */
  | { kind: "same" }
  /** The rule's counterpart through mcpmux, with a caveat if there is one. */
  | { kind: "moved"; rule: string; note?: string }
  /** The rule may concern imported servers but has no exact counterpart: a person decides. */
  | { kind: "check"; note: string };

/** The server name Claude Code uses in tool names and rules. */
export function claudeServerName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** A tool's name as Claude Code sees it through mcpmux: `mcp__mcpmux__<server>__<tool>`. */
export function muxToolName(server: string, tool: string): string {
  return `mcp__${MUX_SERVER}__${server}${SEPARATOR}${tool}`;
}

/**
 * `servers` maps each imported server's Claude name (claudeServerName of
 * its original name) to its name in the mcpmux config.
 */
export function mapRule(rule: string, servers: ReadonlyMap<string, string>): RuleMapping {
  // Claude Code skips MCP rules with parentheses, and so do we.
  if (!rule.startsWith("mcp__") || rule.includes("(")) return { kind: "same" };
  const [, server = "", ...rest] = rule.split("__");
  if (server === "") return { kind: "same" };
  if (server.includes("*")) return serverPattern(rule, server, servers);
  const name = servers.get(server);
  if (name === undefined) return { kind: "same" };
  const tool = rest.length === 0 ? "*" : rest.join("__");
  const moved = muxToolName(name, tool);
  if (!tool.includes("*") && `${name}${SEPARATOR}${tool}`.length > MAX_NAME_LENGTH) {
    return {
      kind: "moved",
      rule: moved,
      note: `mcpmux shortens tool names over ${MAX_NAME_LENGTH} characters with a hash; check the name in Claude Code's /mcp`,
    };
  }
  return { kind: "moved", rule: moved };
}

/**
 * A wildcard in the server part (`mcp__*`, `mcp__git*__read`) matches
 * servers by pattern. `mcp__*` still covers every tool through mcpmux;
 * another pattern may have covered an imported server, and its tools now
 * come from the server `mcpmux`: that needs a person.
 */
function serverPattern(
  rule: string,
  server: string,
  servers: ReadonlyMap<string, string>,
): RuleMapping {
  if (rule === "mcp__*") return { kind: "same" };
  const literal = server.slice(0, server.indexOf("*"));
  const touched = [...servers.keys()].filter((name) => name.startsWith(literal));
  if (touched.length === 0) return { kind: "same" };
  return {
    kind: "check",
    note: `a server pattern that may have matched ${touched.join(", ")}; through mcpmux their tools are ${muxToolName("<server>", "<tool>")}, so add a rule like ${muxToolName(servers.get(touched[0] ?? "") ?? "<server>", "*")} by hand`,
  };
}
