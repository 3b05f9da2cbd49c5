/** Least-connections: fewest calls in flight wins. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { harness, inst } from "./fixtures.ts";

test("picks the idle instance", () => {
  const { balancer } = harness("least-connections");
  const pool = [inst("a", { inFlight: 3 }), inst("b", { inFlight: 0 }), inst("c", { inFlight: 1 })];
  assert.equal(balancer.pick(pool, {}), "b");
});

test("counts in-flight calls as they are, not relative to the limit", () => {
  const { balancer } = harness("least-connections");
  const pool = [inst("big", { inFlight: 3, limit: 100 }), inst("small", { inFlight: 2, limit: 3 })];
  assert.equal(balancer.pick(pool, {}), "small");
});

test("ignores an idle instance that is not ready", () => {
  const { balancer } = harness("least-connections");
  const pool = [inst("a", { inFlight: 0, ready: false }), inst("b", { inFlight: 4 })];
  assert.equal(balancer.pick(pool, {}), "b");
});

test("breaks ties with random(), among the tied only", () => {
  const pool = [inst("a", { inFlight: 1 }), inst("b", { inFlight: 0 }), inst("c", { inFlight: 0 })];
  assert.equal(harness("least-connections", () => 0).balancer.pick(pool, {}), "b");
  assert.equal(harness("least-connections", () => 0.99).balancer.pick(pool, {}), "c");
});

test("as calls land, load spreads evenly", () => {
  const { balancer } = harness("least-connections");
  const pool = [inst("a"), inst("b"), inst("c")];
  for (let i = 0; i < 9; i++) {
    const id = balancer.pick(pool, {});
    const chosen = pool.find((p) => p.id === id);
    assert.ok(chosen !== undefined);
    chosen.inFlight++;
  }
  assert.deepEqual(
    pool.map((p) => p.inFlight),
    [3, 3, 3],
  );
});
