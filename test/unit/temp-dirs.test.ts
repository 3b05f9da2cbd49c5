import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, TS_NODE } from "../helpers/paths.ts";

test("a test process removes the temp folders it made when it exits", () => {
  const script = `
    import { tempDir } from ${JSON.stringify(join(ROOT, "test/helpers/temp.ts"))};
    import { writeFileSync } from "node:fs";
    const dir = tempDir();
    writeFileSync(dir + "/mcp.config.json", "{}");
    process.stdout.write(dir);
  `;
  const dir = execFileSync(
    TS_NODE[0]!,
    [...TS_NODE.slice(1), "--input-type=module", "-e", script],
    {
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  assert.match(dir, /mcpmux-test-/);
  assert.equal(existsSync(dir), false, `${dir} was left behind`);
});
