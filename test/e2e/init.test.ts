/**
 * `mcpmux init --out`: a .json file gets a JSON starter that checks, and a
 * folder that does not exist gets one line naming it, exit code 1 and no
 * stack trace.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { CLI, tempDir, TS_NODE } from "../helpers/paths.ts";

const run = promisify(execFile);
const [node, ...pre] = TS_NODE as [string, ...string[]];
const mcpmux = (cwd: string, ...args: string[]) =>
  run(node, [...pre, CLI, ...args], { cwd, timeout: 60_000 });

test("init --out x.json writes a JSON starter config that checks, and says what JSON left out", async () => {
  const dir = tempDir("mcpmux-init-json-");
  const { stdout } = await mcpmux(dir, "init", "--out", "mcp.config.json");
  const text = readFileSync(join(dir, "mcp.config.json"), "utf8");
  const config = JSON.parse(text) as { servers: Record<string, unknown> };
  assert.deepEqual(Object.keys(config.servers), ["memory", "hello"]);
  assert.doesNotMatch(text, /defineConfig|^\s*\/\//m);
  assert.ok(existsSync(join(dir, "plugins/hello.ts")));
  assert.match(stdout, /wrote .*mcp\.config\.json/);
  assert.match(stdout, /JSON has no comments/);
  assert.match(stdout, /claude mcp add mcpmux -- .* stdio --config .*mcp\.config\.json/);
  const checked = await mcpmux(dir, "check", "--config", "mcp.config.json");
  assert.match(checked.stdout, /ok, 2 server\(s\): memory, hello/);
});

test("init --out into a folder that does not exist names it, exits 1 and writes nothing", async () => {
  const dir = tempDir("mcpmux-init-missing-");
  const missing = join(dir, "nonexistent", "dir");
  const failed = await mcpmux(dir, "init", "--out", join(missing, "x.ts")).then(
    () => assert.fail("init succeeded"),
    (err: { code?: number; stdout?: string; stderr?: string }) => err,
  );
  assert.equal(failed.code, 1);
  assert.equal(
    failed.stderr,
    `mcpmux: the folder ${missing} does not exist; create it first (mkdir -p ${missing}) or choose another --out\n`,
  );
  assert.equal(failed.stdout, "");
  assert.ok(!existsSync(join(dir, "nonexistent")));
});
