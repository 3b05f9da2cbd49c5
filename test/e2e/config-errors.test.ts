/**
 * A broken save while the daemon runs: the reload refuses it, and
 * `mcpmux status` shows the same positioned message `mcpmux check` prints
 * (FILE:LINE:COL, the line, a hint; no stack trace), whether the config is
 * evaluated in a child (`.ts`, see load-fresh.ts) or parsed in the daemon
 * (JSON). Through the compiled binary and through the sources on Node.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildBinary } from "../../scripts/build.ts";
import { DaemonRun, saveByRename } from "../helpers/daemon-run.ts";
import { CLI, servers, single, tempDir, TEST_LIST_WAIT_MS, TS_NODE } from "../helpers/paths.ts";

const binDir = tempDir("mcpmux-bin-");
const binary = join(binDir, "mcpmux");

before(() => buildBinary(binary));
after(() => rmSync(binDir, { recursive: true, force: true }));

const good = {
  servers: { probe: single(servers.probe()) },
  daemon: { idleTimeout: 0 },
  listWait: TEST_LIST_WAIT_MS,
};

interface Case {
  name: string;
  goodText: string;
  brokenText: string;
  /** What both `check` and `status` must show. */
  place: RegExp;
}

const cases: Case[] = [
  {
    name: "mcp.config.ts",
    goodText: `export default ${JSON.stringify(good)};\n`,
    brokenText: `export default {\n  servers: {\n    probe: ${JSON.stringify(servers.probe())},\n);\n`,
    place: /mcp\.config\.ts:4:1: syntax error: .*\n {4}4 \| \);\n/,
  },
  {
    name: "mcp.config.json",
    goodText: JSON.stringify(good, null, 2),
    brokenText: JSON.stringify(good, null, 2).replace('"daemon"', "daemon"),
    place: /mcp\.config\.json:\d+:3: not valid JSON: property names need double quotes: "daemon"\n/,
  },
];

for (const [label, launcher] of [
  ["binary", () => [binary]],
  ["sources", () => [...TS_NODE, CLI]],
] as const) {
  describe(`a broken save while the daemon runs (${label})`, () => {
    for (const c of cases) {
      test(`${c.name}: status shows what check shows`, async () => {
        const dir = tempDir();
        const file = join(dir, c.name);
        saveByRename(file, c.goodText);
        const daemon = new DaemonRun(file, launcher());
        try {
          const session = await daemon.session("user");
          await session.request("list", "tools/list", {}, 60_000);
          const at = Date.now();
          saveByRename(file, c.brokenText);
          const status = await daemon.settled(at, true);
          const error = status.config.lastReload?.error ?? "";
          assert.match(error, c.place);
          assert.match(error, /hint: /);
          assert.doesNotMatch(error, /^\s+at /m, "no stack trace");

          const text = (await daemon.mcpmux("status")).stdout;
          assert.match(text, /FAILED, the previous config keeps serving/);
          assert.match(text, c.place);

          const checked = await daemon.mcpmux("check").then(
            (out) => ({ code: 0, stdout: out.stdout }),
            (err: { code?: number; stdout?: string }) => ({
              code: err.code,
              stdout: err.stdout ?? "",
            }),
          );
          assert.equal(checked.code, 1);
          assert.match(checked.stdout, c.place);
          // The same problems, word for word, whichever process loaded the config (after each header line).
          const problems = (text: string) => text.trimEnd().split("\n").slice(1).join("\n");
          assert.equal(problems(checked.stdout), problems(error));
        } finally {
          await daemon.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}
