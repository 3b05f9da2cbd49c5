/** The metrics' pure parts: outcome labels, per-tool analytics, and the exposition of one mux's registry. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MuxMetrics } from "../../src/metrics/mux-metrics.ts";
import { outcomeOf } from "../../src/metrics/outcome.ts";
import { ToolStats } from "../../src/metrics/tool-stats.ts";
import { faultResponse } from "../../src/protocol/fault.ts";
import type { MetricsSnapshot } from "../../src/metrics/snapshot.ts";

const EMPTY: MetricsSnapshot = { instances: [], queued: [], sessions: [] };

describe("outcomeOf", () => {
  test("ok, a server's error, an isError result, a cancel, and mcpmux's faults by kind", () => {
    assert.equal(outcomeOf({ jsonrpc: "2.0", id: 1, result: {} }), "ok");
    assert.equal(outcomeOf({ jsonrpc: "2.0", id: 1, error: { code: -1, message: "x" } }), "error");
    assert.equal(outcomeOf({ jsonrpc: "2.0", id: 1, result: { isError: true } }), "error");
    assert.equal(outcomeOf("cancelled"), "cancelled");
    assert.equal(outcomeOf(faultResponse({ kind: "timeout", server: "s" }, "late")), "timeout");
    assert.equal(outcomeOf(faultResponse({ kind: "busy", server: "s" }, "full")), "busy");
  });
});

describe("ToolStats", () => {
  test("counts calls and errors, keeps percentiles and client names, most called first", () => {
    const stats = new ToolStats();
    for (let ms = 1; ms <= 100; ms++) stats.record("a", ms % 2 === 0 ? "x" : "y", ms > 90, ms);
    stats.record("b", "z", false, 5);
    const [a, b] = stats.report();
    assert.deepEqual(a, {
      tool: "a",
      calls: 100,
      errors: 10,
      p50Ms: 51,
      p99Ms: 100,
      clients: ["x", "y"],
    });
    assert.deepEqual(b, { tool: "b", calls: 1, errors: 0, p50Ms: 5, p99Ms: 5, clients: ["z"] });
  });

  test("client names are capped", () => {
    const stats = new ToolStats();
    for (let i = 0; i < 100; i++) stats.record("a", `client-${i}`, false, 1);
    assert.equal(stats.report()[0]?.clients.length, 32);
  });
});

describe("MuxMetrics", () => {
  test("each mux has its own registry", async () => {
    const one = new MuxMetrics();
    const two = new MuxMetrics();
    one.calls.completed("s", "t", "ok", 12);
    assert.match(
      await one.exposition(EMPTY),
      /^mcpmux_calls_total\{server="s",tool="t",outcome="ok"\} 1$/m,
    );
    assert.doesNotMatch(await two.exposition(EMPTY), /mcpmux_calls_total\{/);
  });

  test("calls, latency in seconds, queue waits and refusals", async () => {
    const m = new MuxMetrics();
    m.calls.completed("s", "t", "ok", 20);
    m.calls.completed("s", "t", "ok", 2000);
    m.calls.refused("s", "t", "busy");
    m.calls.waited("s", 0);
    const text = await m.exposition(EMPTY);
    assert.match(text, /^mcpmux_calls_total\{server="s",tool="t",outcome="ok"\} 2$/m);
    assert.match(text, /^mcpmux_calls_total\{server="s",tool="t",outcome="busy"\} 1$/m);
    assert.match(
      text,
      /^mcpmux_call_duration_seconds_bucket\{le="0.025",server="s",tool="t"\} 1$/m,
    );
    assert.match(text, /^mcpmux_call_duration_seconds_sum\{server="s",tool="t"\} 2.02$/m);
    assert.match(text, /^mcpmux_queue_wait_seconds_count\{server="s"\} 1$/m);
  });

  test("gauges come from the snapshot of the moment: a server gone leaves no series", async () => {
    const m = new MuxMetrics();
    const snapshot: MetricsSnapshot = {
      instances: [
        { server: "a", instance: "a#1", state: "ready", circuit: "closed", restarts: 2 },
        { server: "a", instance: "a#2", state: "ready", circuit: "open", restarts: 1 },
        { server: "b", instance: "b#1", state: "starting", circuit: "closed", restarts: 0 },
      ],
      queued: [{ server: "a", length: 4 }],
      sessions: [
        { front: "socket", client: "claude-code" },
        { front: "socket", client: "claude-code" },
        { front: "http", client: "inspector" },
      ],
    };
    const text = await m.exposition(snapshot);
    assert.match(text, /^mcpmux_instances\{server="a",state="ready"\} 2$/m);
    assert.match(text, /^mcpmux_instances\{server="b",state="starting"\} 1$/m);
    assert.match(text, /^mcpmux_circuit_state\{server="a",instance="a#2",state="open"\} 1$/m);
    assert.match(text, /^mcpmux_server_restarts\{server="a"\} 3$/m);
    assert.match(text, /^mcpmux_queue_length\{server="a"\} 4$/m);
    assert.match(text, /^mcpmux_sessions\{front="socket",client="claude-code"\} 2$/m);
    assert.match(text, /^process_resident_memory_bytes \d+$/m);
    m.reloaded(false);
    const later = await m.exposition(EMPTY);
    assert.doesNotMatch(later, /server="b"/);
    assert.match(later, /^mcpmux_config_reloads_total\{outcome="error"\} 1$/m);
  });
});
