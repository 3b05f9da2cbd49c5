/**
 * The soak of `npm run soak` (bench/soak.ts) for 60 seconds: four shim
 * sessions coming and going, calls with progress, cancellations, a server
 * crashing, config reloads, against one daemon from the sources. Afterwards
 * nothing failed that should not have, and the daemon holds as many file
 * descriptors, the run as many processes, and about as much memory as after
 * the warm-up. A leak of one fd per session, per call or per reload, an
 * orphaned server or shim, or a session broken by a cancellation fails it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatReport, runSoak } from "../../bench/soak.ts";

/** Both readings are taken with the load stopped and one session open; a few fds of slack for timing. */
const FD_MARGIN = 2;
/**
 * The 10% goal is the 10-minute run's (README, Benchmarks). Over 60 s the
 * figure is noisy: the daemon's V8 heap is collected when V8 chooses, and one
 * run read -23% (130 MB after the warm-up, 100 MB at the end) before readings
 * took the lowest of 20 idle samples. So the short run allows 25%; a leak per
 * call or per session (about 1,700 calls and 40 sessions here) still shows.
 */
const RSS_MARGIN_PCT = 25;

test(
  "60 s of mixed load: no unexpected failure, fds, processes and RSS stay put",
  { timeout: 240_000 },
  async () => {
    const report = await runSoak({ seconds: 60, sessions: 4 });
    const table = formatReport(report);
    console.log(table);
    assert.equal(report.failures, 0, `unexpected failures:\n${table}`);
    assert.ok(report.calls > 500, `too little load to mean anything:\n${table}`);
    assert.ok(report.crashes >= 1, `crashy never crashed:\n${table}`);
    assert.ok(report.reloads >= 4, `too few reloads:\n${table}`);
    assert.ok(report.sessionsOpened >= 12, `too few sessions came and went:\n${table}`);
    assert.ok(
      Math.abs(report.end.fds - report.start.fds) <= FD_MARGIN,
      `daemon fds ${report.start.fds} -> ${report.end.fds}:\n${table}`,
    );
    assert.equal(report.end.processes, report.start.processes, `processes changed:\n${table}`);
    assert.ok(
      report.rssGrowthPct < RSS_MARGIN_PCT,
      `RSS grew ${report.rssGrowthPct.toFixed(1)}%:\n${table}`,
    );
  },
);
