/** Peak-EWMA latency: jumps on spikes, decays back over time. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { LatencyModel } from "../../../src/balance/peak-ewma.ts";

const close = (actual: number, expected: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, message ?? `${actual} ≉ ${expected}`);

test("an instance with no samples costs 0", () => {
  assert.equal(new LatencyModel().cost("a", "q", 0), 0);
});

test("a spike above the estimate is taken at once", () => {
  const model = new LatencyModel({ decayMs: 1000 });
  model.observe("a", "q", 50, 0);
  model.observe("a", "q", 50, 100);
  model.observe("a", "q", 900, 200);
  assert.equal(model.cost("a", "q", 200), 900);
});

test("lower samples pull the estimate down with weight exp(-elapsed/decayMs)", () => {
  const model = new LatencyModel({ decayMs: 1000 });
  model.observe("a", "q", 1000, 0);
  model.observe("a", "q", 100, 1000);
  const w = Math.exp(-1);
  close(model.cost("a", "q", 1000), 1000 * w + 100 * (1 - w));
});

test("after a spike, steady fast samples bring the cost back down", () => {
  const model = new LatencyModel({ decayMs: 1000 });
  model.observe("a", "q", 50, 0);
  model.observe("a", "q", 2000, 10);
  let now = 10;
  const costs: number[] = [];
  for (let i = 0; i < 16; i++) {
    now += 500;
    model.observe("a", "q", 50, now);
    costs.push(model.cost("a", "q", now));
  }
  for (let i = 1; i < costs.length; i++) assert.ok(costs[i]! < costs[i - 1]!, "strictly falling");
  assert.ok(costs[0]! > 1000, "one fast call does not undo the spike");
  // The spike's excess shrinks by e^-1 per decayMs: about 0.03% of it is left after 8 s.
  const last = costs.at(-1)!;
  assert.ok(last < 51, `back near 50 after 8 s, got ${last}`);
});

test("with no calls completing the estimate fades, so a shunned instance gets retried", () => {
  const model = new LatencyModel({ decayMs: 1000 });
  model.observe("a", "q", 5000, 0);
  close(model.cost("a", "q", 0), 5000);
  close(model.cost("a", "q", 1000), 5000 * Math.exp(-1));
  assert.ok(model.cost("a", "q", 10_000) < 1);
});

test("keeps a separate estimate per instance and per tool", () => {
  const model = new LatencyModel();
  model.observe("a", "search", 300, 0);
  model.observe("a", "fetch", 20, 0);
  model.observe("b", "search", 40, 0);
  assert.equal(model.cost("a", "search", 0), 300);
  assert.equal(model.cost("a", "fetch", 0), 20);
  assert.equal(model.cost("b", "search", 0), 40);
  assert.equal(model.cost("b", "fetch", 0), 0);
  model.observe("a", undefined, 70, 0);
  assert.equal(model.cost("a", undefined, 0), 70, "calls that name no tool get their own estimate");
});

test("an error counts as a slow call of the configured penalty", () => {
  const model = new LatencyModel({ penaltyMs: 3000 });
  model.observe("a", "q", 40, 0);
  model.penalize("a", "q", 10);
  assert.equal(model.cost("a", "q", 10), 3000);
});

test("an error never makes an already slow instance look faster", () => {
  const model = new LatencyModel({ penaltyMs: 1000, decayMs: 1000 });
  model.observe("a", "q", 8000, 0);
  model.penalize("a", "q", 500);
  // A plain 1000 ms sample would have pulled the estimate down to about 5200.
  assert.equal(model.cost("a", "q", 500), 8000);
});

test("the default penalty is 5000 ms", () => {
  const model = new LatencyModel();
  model.penalize("a", "q", 0);
  assert.equal(model.cost("a", "q", 0), 5000);
});

test("forget drops an instance", () => {
  const model = new LatencyModel();
  model.observe("a", "q", 300, 0);
  model.observe("b", "q", 300, 0);
  model.forget("a");
  assert.equal(model.cost("a", "q", 0), 0);
  assert.equal(model.cost("b", "q", 0), 300);
});

test("ignores samples that are not a duration", () => {
  const model = new LatencyModel();
  model.observe("a", "q", 100, 0);
  model.observe("a", "q", Number.NaN, 0);
  model.observe("a", "q", -5, 0);
  model.observe("a", "q", Number.POSITIVE_INFINITY, 0);
  assert.equal(model.cost("a", "q", 0), 100);
});
