// The official MCP conformance suite in client mode, with mcpmux's upstream
// side as the client under test: for each scenario the suite starts its test
// server and runs test/conformance/client-driver.ts against its URL; the
// driver puts `mcpmux stdio` in front of that URL and drives it with an SDK
// client (initialize, tools/list, tools/call of every tool, elicitation
// answered with the requested defaults).
//
// Every client scenario the suite lists runs, except auth/*: those need
// OAuth on mcpmux's upstream side, which mcpmux does not have yet.
//
//   node --import tsx --test test/conformance/client-mode.test.ts
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  clientDriverCommand,
  formatTable,
  isAuthScenario,
  killAllChildren,
  listClientScenarios,
  runClientScenario,
  type ClientScenarioResult,
} from "./run-suite.ts";

/** Our wall clock for one suite run; the suite's own --timeout for the client is below it. */
const SCENARIO_TIMEOUT_MS = 35_000;
const CLIENT_TIMEOUT_MS = 25_000;
/** The non-auth client scenarios of @modelcontextprotocol/conformance 0.1.16. */
const KNOWN = ["initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry"];

after(killAllChildren);

const diagnoseLines = (t: { diagnostic: (message: string) => void }, text: string) => {
  for (const line of text.split("\n")) t.diagnostic(line);
};

function explain(result: ClientScenarioResult): string {
  const failing = result.checks
    .filter((check) => check.status === "FAILURE" || check.status === "WARNING")
    .map((check) => `  ${check.status} ${check.id}: ${check.errorMessage ?? check.name}`);
  return [
    `${result.scenario}: ${result.note}`,
    `suite exit ${result.exitCode}, client exit ${result.clientExitCode}` +
      `${result.clientTimedOut ? " (client timed out)" : ""}${result.timedOut ? " (suite timed out)" : ""}`,
    ...(failing.length > 0 ? ["checks:", ...failing] : []),
    "--- the suite's output (tail) ---",
    result.suiteOutput,
    "--- the driver's stderr, with mcpmux's ---",
    result.clientStderr,
  ].join("\n");
}

test(
  "conformance client mode: mcpmux's upstream side passes every non-auth client scenario",
  {
    timeout: 170_000,
  },
  async (t) => {
    const command = clientDriverCommand();
    const listed = await listClientScenarios();
    const scenarios = listed.filter((name) => !isAuthScenario(name));
    for (const name of KNOWN)
      assert.ok(
        scenarios.includes(name),
        `the suite no longer lists "${name}": ${listed.join(", ")}`,
      );
    diagnoseLines(
      t,
      `client: ${command}\nscenarios: ${scenarios.join(", ")}\n` +
        `not run (need OAuth upstream): ${listed.filter(isAuthScenario).length} auth/* scenarios`,
    );

    const results: Record<string, ClientScenarioResult> = {};
    // One at a time: sse-retry measures how long the client waits before reconnecting.
    for (const scenario of scenarios) {
      await t.test(scenario, async (st) => {
        const result = await runClientScenario(
          command,
          scenario,
          SCENARIO_TIMEOUT_MS,
          CLIENT_TIMEOUT_MS,
        );
        results[scenario] = result;
        if (result.warnings > 0) diagnoseLines(st, explain(result));
        assert.ok(result.passed, explain(result));
        assert.ok(result.successes > 0, `no SUCCESS check:\n${explain(result)}`);
      });
    }
    diagnoseLines(t, formatTable(results));
  },
);
