/**
 * `--write-permissions` changes the rules that name imported servers and
 * not one other byte of the settings file.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { ImportedServer } from "../../../src/setup/claude-import.ts";
import { jsonStrings, replaceStrings } from "../../../src/setup/json-strings.ts";
import { rewriteSettings } from "../../../src/setup/settings-rewrite.ts";

const imported: ImportedServer[] = [
  { name: "github", original: "github", server: { url: "https://x" } },
  { name: "my-memory", original: "my memory", server: { command: "npx" } },
];

describe("jsonStrings", () => {
  test("finds every string value (not keys) with its path and its literal's place", () => {
    const text = '\uFEFF{"a": ["x", {"b": "y\\"z"}], "n": 1.50e3, "k": true, "e": "\\u00e9"}';
    assert.deepEqual(
      jsonStrings(text).map(({ path, start, end, value }) => [path, text.slice(start, end), value]),
      [
        [["a", 0], '"x"', "x"],
        [["a", 1, "b"], '"y\\"z"', 'y"z'],
        [["e"], '"\\u00e9"', "é"],
      ],
    );
  });

  test("agrees with JSON.parse on any JSON, however it is spaced", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, "\t"), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const expected: Array<[Array<string | number>, string]> = [];
        const walk = (v: unknown, path: Array<string | number>): void => {
          if (typeof v === "string") expected.push([path, v]);
          else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
          else if (v !== null && typeof v === "object")
            for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
        };
        walk(JSON.parse(text), []);
        assert.deepEqual(
          jsonStrings(text).map((s) => [s.path, s.value]),
          expected,
        );
      }),
    );
  });

  test("replaceStrings puts the JSON of each new value where the old literal was", () => {
    const text = '{ "a" : "x" ,"b":"y" }';
    const [a, b] = jsonStrings(text);
    assert.equal(
      replaceStrings(text, [
        { start: a!.start, end: a!.end, value: 'q"' },
        { start: b!.start, end: b!.end, value: "long value" },
      ]),
      '{ "a" : "q\\"" ,"b":"long value" }',
    );
  });
});

describe("rewriteSettings", () => {
  test("rewrites allow, deny and ask, allowedTools and per-project allowedTools, and nothing else", () => {
    const text = [
      "{",
      '\t"$schema": "https://json.schemastore.org/claude-code-settings.json",',
      '\t"permissions" : {',
      '\t\t"allow": [ "Bash(ls:*)",  "mcp__github",\r\n\t\t\t"mcp__my_memory__read_graph" ],',
      '\t\t"deny":["mcp__github__delete_*", "mcp__*"],',
      '\t\t"ask": ["mcp__slack__post"],',
      '\t\t"defaultMode": "acceptEdits",',
      '\t\t"additionalDirectories": ["mcp__github"]',
      "\t},",
      '\t"allowedTools": ["mcp__github__search"],',
      '\t"projects": {"/src/app": {"allowedTools": ["mcp__my_memory"], "note": "mcp__github"}},',
      '\t"number": 1.0e+2,',
      '\t"env": {"X": "mcp__github"}',
      "}",
    ].join("\n");
    const { text: out, changes, checks } = rewriteSettings(text, imported);
    assert.deepEqual(
      changes.map((c) => [c.where, c.from, c.to]),
      [
        ["permissions.allow[1]", "mcp__github", "mcp__mcpmux__github__*"],
        [
          "permissions.allow[2]",
          "mcp__my_memory__read_graph",
          "mcp__mcpmux__my-memory__read_graph",
        ],
        ["permissions.deny[0]", "mcp__github__delete_*", "mcp__mcpmux__github__delete_*"],
        ["allowedTools[0]", "mcp__github__search", "mcp__mcpmux__github__search"],
        ['projects["/src/app"].allowedTools[0]', "mcp__my_memory", "mcp__mcpmux__my-memory__*"],
      ],
    );
    assert.deepEqual(checks, []);
    // The same text with only those five literals replaced: spacing, tabs, CRLF, 1.0e+2, the rest.
    assert.equal(
      out,
      text
        .replace('"mcp__github",\r', '"mcp__mcpmux__github__*",\r')
        .replace('"mcp__my_memory__read_graph"', '"mcp__mcpmux__my-memory__read_graph"')
        .replace('"mcp__github__delete_*"', '"mcp__mcpmux__github__delete_*"')
        .replace('"mcp__github__search"', '"mcp__mcpmux__github__search"')
        .replace('["mcp__my_memory"]', '["mcp__mcpmux__my-memory__*"]'),
    );
  });

  test("a server pattern is reported for a person and left as it is", () => {
    const text = '{"permissions": {"deny": ["mcp__git*"]}}';
    const { text: out, changes, checks } = rewriteSettings(text, imported);
    assert.equal(out, text);
    assert.deepEqual(changes, []);
    assert.deepEqual(
      checks.map((c) => [c.where, c.rule]),
      [["permissions.deny[0]", "mcp__git*"]],
    );
  });

  test("a byte order mark is kept, and a file with nothing to change comes back identical", () => {
    const text = '\uFEFF{"permissions": {"allow": ["Read"]}}\n';
    assert.equal(rewriteSettings(text, imported).text, text);
    assert.equal(
      rewriteSettings('\uFEFF{"allowedTools": ["mcp__github"]}', imported).text,
      '\uFEFF{"allowedTools": ["mcp__mcpmux__github__*"]}',
    );
  });

  test("text that is not JSON throws", () => {
    assert.throws(() => rewriteSettings('{"permissions": ', imported), SyntaxError);
    assert.throws(() => rewriteSettings("// comment\n{}", imported), SyntaxError);
  });
});
