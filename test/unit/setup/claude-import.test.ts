/**
 * `mcpmux import` turns Claude's servers into a config that means the same:
 * `${VAR}` forms kept as written (mcpmux expands them now), names made safe
 * and reported, and the file readable TypeScript or JSON.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig, readRaw } from "../../../src/config/load.ts";
import {
  importClaudeConfig,
  renamedServers,
  renderConfig,
} from "../../../src/setup/claude-import.ts";
import { tempDir } from "../../helpers/paths.ts";

const claude = {
  mcpServers: {
    "my memory": {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      env: { MEMORY_FILE_PATH: "${HOME}/memory.jsonl", MODE: "${MEMORY_MODE:-fast}" },
    },
    github: {
      type: "http",
      url: "https://api.githubcopilot.com/mcp/",
      headers: { Authorization: "Bearer ${GITHUB_PAT}" },
    },
    quotes: { command: "sh", args: ["-c", "echo \"$1\" 'x' \\ `y`", "${env:ARG}"] },
  },
};

const expected = {
  servers: {
    "my-memory": {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      env: { MEMORY_FILE_PATH: "${HOME}/memory.jsonl", MODE: "${MEMORY_MODE:-fast}" },
    },
    github: {
      url: "https://api.githubcopilot.com/mcp/",
      headers: { Authorization: "Bearer ${GITHUB_PAT}" },
    },
    quotes: { command: "sh", args: ["-c", "echo \"$1\" 'x' \\ `y`", "${env:ARG}"] },
  },
};

describe("import", () => {
  test("keeps ${VAR} forms as written and reports each renamed server", () => {
    const { servers, skipped } = importClaudeConfig(claude);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      renamedServers(servers).map((s) => [s.original, s.name]),
      [["my memory", "my-memory"]],
    );
    assert.deepEqual(Object.fromEntries(servers.map((s) => [s.name, s.server])), expected.servers);
  });

  test("writes TypeScript a person would write, which loads as the same config", async () => {
    const dir = tempDir("mcpmux-import-unit-");
    const file = join(dir, "mcp.config.ts");
    const text = renderConfig(importClaudeConfig(claude).servers, "/home/me/.mcp.json", file);
    assert.match(text, /^\/\/ Imported by `mcpmux import` from \/home\/me\/\.mcp\.json\.$/m);
    assert.match(text, /^ {4}"my-memory": \{$/m);
    assert.match(text, /^ {6}command: "npx",$/m);
    assert.match(text, /^ {6}args: \["-y", "@modelcontextprotocol\/server-memory"\],$/m);
    assert.match(text, /^ {8}Authorization: "Bearer \$\{GITHUB_PAT\}",$/m);
    assert.ok(
      text.split("\n").every((line) => line.length <= 100),
      "no minified lines",
    );
    writeFileSync(file, text);
    assert.deepEqual(await readRaw(file), expected);
  });

  test("the imported variables expand when the config loads", async () => {
    const dir = tempDir("mcpmux-import-unit-");
    const file = join(dir, "mcp.config.ts");
    writeFileSync(file, renderConfig(importClaudeConfig(claude).servers, "x", file));
    const env = { HOME: "/h", GITHUB_PAT: "ghp_1", ARG: "a" };
    const { config } = await loadConfig(file, env);
    assert.equal(config.servers["github"]?.headers?.["Authorization"], "Bearer ghp_1");
    assert.deepEqual(config.servers["my-memory"]?.env, {
      MEMORY_FILE_PATH: "/h/memory.jsonl",
      MODE: "fast",
    });
    await assert.rejects(loadConfig(file, { HOME: "/h", ARG: "a" }), (err: Error) =>
      /GITHUB_PAT/.test(`${err.message} ${JSON.stringify(err)}`),
    );
  });

  test("writes JSON for a .json file", () => {
    const text = renderConfig(importClaudeConfig(claude).servers, "x", "/tmp/mcp.config.json");
    assert.deepEqual(JSON.parse(text), expected);
    assert.match(text, /^ {6}"command": "npx",$/m);
  });

  test("a line break in the source path cannot end the header comment", async () => {
    const dir = tempDir("mcpmux-import-unit-");
    const file = join(dir, "mcp.config.ts");
    writeFileSync(
      file,
      renderConfig(importClaudeConfig(claude).servers, "a\nexport {}\r\u2028", file),
    );
    assert.deepEqual(await readRaw(file), expected);
  });
});
