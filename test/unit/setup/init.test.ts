/** `mcpmux init`: a JSON starter for a .json file, and refusals that name the problem before writing anything. */
import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { loadConfig, readRaw } from "../../../src/config/load.ts";
import { writeStarter } from "../../../src/setup/init-files.ts";
import { SetupError } from "../../../src/setup/setup-error.ts";
import { STARTER_CONFIG } from "../../../src/setup/starter.ts";
import { STARTER_JSON, STARTER_JSON_TEXT } from "../../../src/setup/starter-json.ts";
import { tempDir } from "../../helpers/paths.ts";

const refusal = (pattern: RegExp) => (err: unknown) =>
  err instanceof SetupError && err.exitCode === 1 && pattern.test(err.message);

describe("init", () => {
  test("the JSON starter is the TypeScript starter's value", async () => {
    const file = join(tempDir("mcpmux-starter-"), "mcp.config.ts");
    writeFileSync(file, STARTER_CONFIG);
    assert.deepEqual(await readRaw(file), STARTER_JSON);
    assert.deepEqual(JSON.parse(STARTER_JSON_TEXT), STARTER_JSON);
  });

  test("--out x.json writes JSON, which loads, beside the example plugin it serves", async () => {
    const dir = tempDir("mcpmux-init-unit-");
    const done = writeStarter(join(dir, "x.json"), false);
    assert.equal(done.json, true);
    const text = readFileSync(join(dir, "x.json"), "utf8");
    assert.deepEqual(JSON.parse(text), STARTER_JSON);
    assert.doesNotMatch(text, /defineConfig|import|\/\//);
    assert.ok(existsSync(join(dir, "plugins/hello.ts")));
    const { config } = await loadConfig(join(dir, "x.json"), { HOME: "/h" });
    assert.deepEqual(Object.keys(config.servers), ["memory", "hello"]);
  });

  test("a folder that does not exist is named, with how to create it, and nothing is written", () => {
    const dir = tempDir("mcpmux-init-unit-");
    const missing = join(dir, "no", "such");
    assert.throws(
      () => writeStarter(join(missing, "mcp.config.ts"), false),
      refusal(
        new RegExp(`folder ${missing} does not exist; create it first \\(mkdir -p ${missing}\\)`),
      ),
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  test("a folder it may not write to is a refusal, not a stack trace", () => {
    const dir = tempDir("mcpmux-init-unit-");
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    // root writes anywhere, but not into /sys.
    const target = process.getuid?.() === 0 ? "/sys/mcp.config.ts" : join(locked, "mcp.config.ts");
    try {
      assert.throws(() => writeStarter(target, false), refusal(/cannot write .*permission denied/));
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  test("an existing file, a folder as --out and an unknown extension are refused", () => {
    const dir = tempDir("mcpmux-init-unit-");
    writeStarter(join(dir, "mcp.config.ts"), false);
    assert.throws(
      () => writeStarter(join(dir, "mcp.config.ts"), false),
      refusal(/exists; pass --force/),
    );
    assert.throws(
      () => writeStarter(join(dir, "plugins"), false),
      refusal(/is a folder; give a file name/),
    );
    assert.throws(
      () => writeStarter(join(dir, "x.yaml"), false),
      refusal(/a config is a .*\.json file/),
    );
    assert.doesNotThrow(() => writeStarter(join(dir, "mcp.config.ts"), true));
  });
});
