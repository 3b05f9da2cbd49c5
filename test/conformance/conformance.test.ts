// The official MCP conformance suite (server scenarios), run
//   (a) directly against test/fixtures/conformance-server.ts over HTTP, and
//   (b) against the same fixture (over stdio) behind mcpmux:
//       every scenario that passes directly must pass through mcpmux too.
//
//   node --import tsx --test test/conformance/conformance.test.ts
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  FIXTURE,
  ROOT,
  captureTail,
  formatTable,
  getFreePort,
  killAllChildren,
  killGroup,
  runSuite,
  spawnGroup,
  startFixture,
  waitForPort,
  type ScenarioResult,
} from "./run-suite.ts";

const SCENARIO_TIMEOUT_MS = 30_000;
const MCPMUX_START_TIMEOUT_MS = 20_000;

after(killAllChildren);

/** node:test escapes newlines inside one diagnostic: emit one per line. */
const diagnoseLines = (t: { diagnostic: (message: string) => void }, text: string) => {
  for (const line of text.split("\n")) t.diagnostic(line);
};

const summarize = (results: ScenarioResult[]) =>
  results.map((r) => `${r.scenario}: ${r.note.split("\n")[0] ?? ""}`).join("\n");

let direct: Record<string, ScenarioResult> | undefined;

test(
  "conformance: the fixture passes every server scenario directly",
  { timeout: 100_000 },
  async (t) => {
    const fixture = await startFixture();
    try {
      direct = await runSuite(fixture.url, { timeoutMs: SCENARIO_TIMEOUT_MS });
    } finally {
      fixture.stop();
    }
    diagnoseLines(t, `direct, ${fixture.url}\n${formatTable(direct)}`);
    const failed = Object.values(direct).filter((result) => !result.passed);
    assert.equal(failed.length, 0, `scenarios failing directly:\n${summarize(failed)}`);
  },
);

test(
  "conformance: every scenario that passes directly passes through mcpmux",
  { timeout: 130_000 },
  async (t) => {
    assert.ok(direct, "the direct run did not complete");
    const passing = Object.values(direct)
      .filter((result) => result.passed)
      .map((result) => result.scenario);
    assert.ok(passing.length > 0, "no scenario passed directly");

    const dir = await mkdtemp(join(tmpdir(), "mcpmux-conformance-"));
    const config = join(dir, "mcp.config.json");
    await writeFile(
      config,
      JSON.stringify({
        servers: {
          conf: {
            command: "node",
            // Resolved here: mcpmux runs the server in the config's (temp) folder.
            args: ["--import", import.meta.resolve("tsx"), FIXTURE, "--stdio"],
            prefix: false,
          },
        },
      }),
    );
    const port = await getFreePort();
    const mux = spawnGroup(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "serve",
        "--config",
        config,
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
      ],
      { cwd: ROOT },
    );
    const muxStderr = captureTail(mux.stderr);
    captureTail(mux.stdout);
    try {
      await waitForPort(port, MCPMUX_START_TIMEOUT_MS, mux).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`mcpmux did not start: ${reason}\n--- mcpmux stderr ---\n${muxStderr()}`);
      });
      const url = `http://127.0.0.1:${port}/mcp`;
      const results = await runSuite(url, { scenarios: passing, timeoutMs: SCENARIO_TIMEOUT_MS });
      diagnoseLines(t, `through mcpmux, ${url}\n${formatTable(results)}`);
      const regressions = passing
        .map((scenario) => results[scenario])
        .filter((result): result is ScenarioResult => result !== undefined && !result.passed);
      assert.equal(
        regressions.length,
        0,
        `scenarios passing directly but failing through mcpmux:\n${summarize(regressions)}` +
          `\n--- mcpmux stderr (tail) ---\n${muxStderr()}`,
      );
    } finally {
      killGroup(mux);
      await rm(dir, { recursive: true, force: true });
    }
  },
);
