/** Round-robin: each free instance in turn. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { harness, inst } from "./fixtures.ts";

test("visits each instance in turn, in candidate order, and wraps around", () => {
  const { balancer } = harness("round-robin");
  const pool = [inst("a"), inst("b"), inst("c")];
  const picks = Array.from({ length: 7 }, () => balancer.pick(pool, {}));
  assert.deepEqual(picks, ["a", "b", "c", "a", "b", "c", "a"]);
});

test("skips instances that are full or not ready, without losing its place", () => {
  const { balancer } = harness("round-robin");
  const pool = [
    inst("a"),
    inst("b", { inFlight: 1, limit: 1 }),
    inst("c", { ready: false }),
    inst("d"),
  ];
  const picks = Array.from({ length: 4 }, () => balancer.pick(pool, {}));
  assert.deepEqual(picks, ["a", "d", "a", "d"]);
  // b frees up: the rotation continues after the last pick (d) and reaches b in turn.
  const freed = [inst("a"), inst("b"), inst("c", { ready: false }), inst("d")];
  assert.deepEqual(
    Array.from({ length: 3 }, () => balancer.pick(freed, {})),
    ["a", "b", "d"],
  );
});

test("an instance added to the pool joins the rotation", () => {
  const { balancer } = harness("round-robin");
  assert.equal(balancer.pick([inst("a"), inst("b")], {}), "a");
  const grown = [inst("a"), inst("b"), inst("c")];
  assert.deepEqual(
    Array.from({ length: 3 }, () => balancer.pick(grown, {})),
    ["b", "c", "a"],
  );
});

test("when the last-picked instance leaves, the rotation continues from its position", () => {
  const { balancer } = harness("round-robin");
  const pool = [inst("a"), inst("b"), inst("c")];
  balancer.pick(pool, {});
  assert.equal(balancer.pick(pool, {}), "b");
  // b is removed: c slid into its place and is next, a is not picked twice in a row.
  const shrunk = [inst("a"), inst("c")];
  assert.deepEqual(
    Array.from({ length: 3 }, () => balancer.pick(shrunk, {})),
    ["c", "a", "c"],
  );
});
