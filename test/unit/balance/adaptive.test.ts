/** Adaptive: lowest latency × (in-flight + 1), skipping ejected instances. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { harness, inst } from "./fixtures.ts";

test("prefers the faster instance", () => {
  const { balancer, latency, clock } = harness("adaptive");
  latency.observe("slow", "q", 400, clock.now);
  latency.observe("fast", "q", 40, clock.now);
  assert.equal(balancer.pick([inst("slow"), inst("fast")], { tool: "q" }), "fast");
});

test("judges latency per tool", () => {
  const { balancer, latency, clock } = harness("adaptive");
  latency.observe("a", "search", 500, clock.now);
  latency.observe("b", "search", 50, clock.now);
  latency.observe("a", "fetch", 20, clock.now);
  latency.observe("b", "fetch", 200, clock.now);
  const pool = [inst("a"), inst("b")];
  assert.equal(balancer.pick(pool, { tool: "search" }), "b");
  assert.equal(balancer.pick(pool, { tool: "fetch" }), "a");
});

test("spreads load to the slower instance as in-flight grows on the faster", () => {
  const { balancer, latency, clock } = harness("adaptive");
  latency.observe("fast", "q", 100, clock.now);
  latency.observe("slow", "q", 300, clock.now);
  const pool = [inst("fast"), inst("slow")];
  const picks: string[] = [];
  for (let i = 0; i < 8; i++) {
    const id = balancer.pick(pool, { tool: "q" });
    assert.ok(id !== undefined);
    picks.push(id);
    const chosen = pool.find((p) => p.id === id);
    if (chosen !== undefined) chosen.inFlight++;
  }
  // fast costs 100·(n+1), slow 300·(m+1): the slow one gets a call whenever the
  // fast one's queue makes it as costly (a tie goes to the less busy instance).
  assert.deepEqual(picks, ["fast", "fast", "slow", "fast", "fast", "fast", "slow", "fast"]);
});

test("skips an ejected instance, and takes it back when the ejection ends", () => {
  const { balancer, latency, ejection, clock } = harness("adaptive");
  latency.observe("fast", "q", 10, clock.now);
  latency.observe("slow", "q", 900, clock.now);
  for (let i = 0; i < 5; i++) ejection.failure("fast", clock.now);
  const pool = [inst("fast"), inst("slow")];
  assert.equal(balancer.pick(pool, { tool: "q" }), "slow");
  clock.now = (ejection.ejectedUntil("fast") ?? 0) + 1;
  assert.equal(balancer.pick(pool, { tool: "q" }), "fast");
});

test("returns undefined when every instance with room is ejected", () => {
  const { balancer, ejection, clock } = harness("adaptive");
  for (let i = 0; i < 5; i++) ejection.failure("a", clock.now);
  assert.equal(balancer.pick([inst("a"), inst("b", { inFlight: 10 })], {}), undefined);
});

test("tries an instance with no samples yet", () => {
  const { balancer, latency, clock } = harness("adaptive");
  latency.observe("known", "q", 5, clock.now);
  assert.equal(balancer.pick([inst("known"), inst("new")], { tool: "q" }), "new");
});

test("a penalised instance loses traffic to a healthy one", () => {
  const { balancer, latency, clock } = harness("adaptive");
  latency.observe("a", "q", 100, clock.now);
  latency.observe("b", "q", 150, clock.now);
  latency.penalize("a", "q", clock.now);
  assert.equal(balancer.pick([inst("a"), inst("b")], { tool: "q" }), "b");
});

test("among unmeasured instances the less busy one goes first, then random() decides", () => {
  const pool = [inst("a", { inFlight: 2 }), inst("b", { inFlight: 0 }), inst("c", { inFlight: 0 })];
  assert.equal(harness("adaptive", () => 0).balancer.pick(pool, {}), "b");
  assert.equal(harness("adaptive", () => 0.99).balancer.pick(pool, {}), "c");
});
