/**
 * What a user reads for a broken config: a JSON syntax error with
 * FILE:LINE:COL, the line and a caret; an unknown key with the known key it
 * was probably meant to be, from the schema at that level.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseJsonConfig } from "../../../src/config/json-config.ts";
import { validateConfig } from "../../../src/config/load.ts";
import { ConfigSchema } from "../../../src/config/schema.ts";
import { knownKeysAt } from "../../../src/validation/known-keys.ts";
import { suggestKey } from "../../../src/validation/key-suggestion.ts";
import {
  ConfigError,
  formatProblem,
  type ConfigProblem,
} from "../../../src/validation/problems.ts";

const FILE = "/project/mcp.config.json";

function refusal(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err;
  }
  assert.fail("expected a ConfigError");
}

function problems(raw: unknown): ConfigProblem[] {
  return refusal(() => validateConfig(raw, FILE, {})).problems;
}

describe("a JSON config that is not JSON", () => {
  test("names FILE:LINE:COL, shows the line with a caret under the column, and a hint", () => {
    const text = '{\n  "servers": {\n    "a": { "command": "node" },\n  }\n}\n';
    const err = refusal(() => parseJsonConfig(text, FILE));
    assert.equal(err.problems.length, 1);
    assert.deepEqual(err.problems[0]?.at, {
      file: FILE,
      line: 3,
      column: 31,
      lineText: '    "a": { "command": "node" },',
    });
    const lines = err.message.split("\n");
    assert.equal(lines[0], `${FILE}: invalid config`);
    assert.match(lines[1] ?? "", new RegExp(`^  ${FILE}:3:31: not valid JSON: a comma before "}"`));
    assert.equal(lines[2], '    3 |     "a": { "command": "node" },');
    assert.equal(lines[3], `      | ${" ".repeat(30)}^`);
    assert.match(lines[4] ?? "", /^ {4}hint: /);
  });

  test("a byte-order mark is not an error", () => {
    assert.deepEqual(parseJsonConfig('\uFEFF{"servers": {}}', FILE), { servers: {} });
  });
});

describe("formatProblem", () => {
  test("a path and a message, and nothing else when that is all there is", () => {
    assert.equal(formatProblem({ path: "servers.a", message: "bad" }), "  servers.a: bad");
    assert.equal(formatProblem({ path: "", message: "bad" }), "  bad");
  });

  test("the caret keeps tabs so it lines up, and a long line is cut around the column", () => {
    const tabbed = formatProblem({
      path: "",
      message: "x",
      at: { file: "f", line: 2, column: 3, lineText: "\t\tx" },
    });
    assert.deepEqual(tabbed.split("\n").slice(1), ["    2 | \t\tx", "      | \t\t^"]);
    const long = `${"a".repeat(300)}X${"b".repeat(300)}`;
    const cut = formatProblem({
      path: "",
      message: "x",
      at: { file: "f", line: 1, column: 301, lineText: long },
    }).split("\n");
    assert.ok((cut[1]?.length ?? 0) < 120);
    assert.equal(cut[1]?.[(cut[2] ?? "").indexOf("^")], "X");
  });
});

describe("unknown keys", () => {
  test("a misspelt key names the known one at its level", () => {
    const found = problems({
      servers: {
        memory: { command: "node", enviroment: {} },
        pooled: { command: "node", pool: { maxconcurency: 2 } },
      },
      routes: [{ match: { tools: "x" }, hide: true }],
      http: { prot: 80 },
    });
    const byPath = Object.fromEntries(found.map((p) => [p.path, p.message]));
    assert.equal(byPath["servers.memory.enviroment"], 'unknown key (did you mean "env"?)');
    assert.equal(
      byPath["servers.pooled.pool.maxconcurency"],
      'unknown key (did you mean "maxConcurrency"?)',
    );
    assert.equal(byPath["routes.0.match.tools"], 'unknown key (did you mean "tool"?)');
    assert.equal(byPath["http.prot"], 'unknown key (did you mean "port"?)');
    assert.equal(
      problems({ servers: {}, pagesize: 1 })[0]?.message,
      'unknown key (did you mean "pageSize"?)',
    );
  });

  test("a key like no known one lists the known keys instead", () => {
    const [problem] = problems({ servers: { a: { command: "node", banana: 1 } } });
    assert.equal(problem?.message, "unknown key");
    assert.match(problem?.hint ?? "", /^known keys here: command, args, env, cwd, url/);
  });

  test("Claude's mcpServers: rename it, or import the Claude config", () => {
    const mcp = problems({ mcpServers: {} }).find((p) => p.path === "mcpServers");
    assert.equal(mcp?.message, 'unknown key (did you mean "servers"?)');
    assert.match(mcp?.hint ?? "", /mcpmux import/);
  });

  test("the known keys come from the schema at each level", () => {
    assert.ok(knownKeysAt(ConfigSchema, []).includes("pageSize"));
    assert.ok(knownKeysAt(ConfigSchema, ["servers", "any"]).includes("variants"));
    assert.deepEqual(knownKeysAt(ConfigSchema, ["servers", "any", "pool", "queue"]), [
      "max",
      "timeout",
    ]);
    assert.ok(knownKeysAt(ConfigSchema, ["servers", "x", "variants", 0]).includes("plugin"));
    assert.ok(knownKeysAt(ConfigSchema, ["routes", 0, "match"]).includes("tool"));
    assert.deepEqual(knownKeysAt(ConfigSchema, ["nope", "deeper"]), []);
  });

  test("suggestKey: a typo, the start of a written-out key, another tool's word; else nothing", () => {
    const server = ["command", "args", "env", "cwd", "url", "pool", "prefix"];
    assert.equal(suggestKey("comand", server), "command");
    assert.equal(suggestKey("arsg", server), "args");
    assert.equal(suggestKey("environment", server), "env");
    assert.equal(suggestKey("enviroment", server), "env");
    assert.equal(suggestKey("commandLine", server), "command");
    assert.equal(suggestKey("arguments", server), "args");
    assert.equal(suggestKey("workingDirectory", server), "cwd");
    assert.equal(suggestKey("banana", server), undefined);
    assert.equal(
      suggestKey("arguments", ["command"]),
      undefined,
      "a synonym only when the key is known",
    );
    assert.equal(suggestKey("x", []), undefined);
  });
});
