/**
 * Claude Code permission rules for servers that move behind mcpmux: every
 * form Claude Code accepts for an MCP tool maps to the rule that matches the
 * same tools through mcpmux (the matching below is Claude Code 2.1.197's).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { claudeServerName, mapRule, muxToolName } from "../../../src/setup/permission-rules.ts";

/** Claude Code's rule matching for MCP tools: literal server part, the rest a glob. */
function claudeMatches(rule: string, tool: string): boolean {
  const split = (name: string) => {
    const [mcp, server, ...rest] = name.split("__");
    return mcp === "mcp" && server
      ? { server, tool: rest.length ? rest.join("__") : undefined }
      : null;
  };
  const glob = (pattern: string, text: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "s",
    ).test(text);
  if (rule === tool) return true;
  const r = split(rule);
  const t = split(tool);
  if (r === null || t === null || r.server !== t.server) return false;
  if (r.tool === undefined || r.tool === "*") return true;
  return t.tool !== undefined && r.tool.includes("*") && glob(r.tool, t.tool);
}

// Claude's name for each imported server (its config name made safe) -> the mcpmux name.
const servers = new Map([
  ["github", "github"],
  ["my_memory", "my-memory"],
]);

describe("mapRule", () => {
  test("a whole-server rule becomes a wildcard over that server's tools through mcpmux", () => {
    assert.deepEqual(mapRule("mcp__github", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__github__*",
    });
    assert.deepEqual(mapRule("mcp__github__*", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__github__*",
    });
  });

  test("a one-tool rule and a tool wildcard keep their tool part", () => {
    assert.deepEqual(mapRule("mcp__github__create_issue", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__github__create_issue",
    });
    assert.deepEqual(mapRule("mcp__github__get_*", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__github__get_*",
    });
    assert.deepEqual(mapRule("mcp__github__a__b", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__github__a__b",
    });
  });

  test("a renamed server is found by Claude's name for it and written with mcpmux's", () => {
    assert.equal(claudeServerName("my memory"), "my_memory");
    assert.equal(claudeServerName("a.b/c-d_e"), "a_b_c-d_e");
    assert.deepEqual(mapRule("mcp__my_memory__read_graph", servers), {
      kind: "moved",
      rule: "mcp__mcpmux__my-memory__read_graph",
    });
  });

  test("rules about other tools and servers stay", () => {
    for (const rule of [
      "Bash(ls:*)",
      "Read",
      "mcp__slack",
      "mcp__slack__send",
      "mcp__githubby__x",
      "mcp__",
      "mcp____x",
      "mcp__*",
      "mcp__mcpmux__github__*",
      "mcp__github(x)",
      "mcp__github__x(y)",
      "github",
    ])
      assert.deepEqual(mapRule(rule, servers), { kind: "same" }, rule);
  });

  test("a server pattern that may cover an imported server is left for a person to decide", () => {
    const mapping = mapRule("mcp__git*__delete_*", servers);
    assert.equal(mapping.kind, "check");
    assert.match(mapping.kind === "check" ? mapping.note : "", /github.*mcp__mcpmux__github__\*/);
    assert.deepEqual(mapRule("mcp__sl*", servers), { kind: "same" });
  });

  test("an exact rule for a name mcpmux must shorten carries a note", () => {
    const tool = "x".repeat(60);
    const mapping = mapRule(`mcp__github__${tool}`, servers);
    assert.equal(mapping.kind, "moved");
    assert.match(mapping.kind === "moved" ? (mapping.note ?? "") : "", /64 characters/);
  });

  test("each mapped rule matches through mcpmux exactly the tools the original matched", () => {
    const tools: Array<[server: string, tool: string]> = [
      ["github", "create_issue"],
      ["github", "get_me"],
      ["github", "get_file_contents"],
      ["github", "a__b"],
      ["my-memory", "read_graph"],
      ["my-memory", "create_entities"],
      ["slack", "get_me"],
    ];
    const claude = (server: string, tool: string) =>
      `mcp__${[...servers].find(([, name]) => name === server)?.[0] ?? server}__${tool}`;
    const rules = [
      "mcp__github",
      "mcp__github__*",
      "mcp__github__get_*",
      "mcp__github__*_me",
      "mcp__github__create_issue",
      "mcp__github__a__*",
      "mcp__my_memory",
      "mcp__my_memory__read_graph",
    ];
    for (const rule of rules) {
      const mapping = mapRule(rule, servers);
      assert.equal(mapping.kind, "moved", rule);
      const moved = mapping.kind === "moved" ? mapping.rule : "";
      for (const [server, tool] of tools) {
        // slack stays outside mcpmux: nothing about it may change.
        const after = server === "slack" ? claude(server, tool) : muxToolName(server, tool);
        assert.equal(
          claudeMatches(moved, after),
          claudeMatches(rule, claude(server, tool)),
          `${rule} -> ${moved} on ${server}/${tool}`,
        );
      }
    }
  });
});
