/** Smooth weighted round-robin. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { harness, inst, tally } from "./fixtures.ts";

const heavy = [inst("a", { weight: 5 }), inst("b", { weight: 1 }), inst("c", { weight: 1 })];

test("5:1:1 interleaves as a a b a c a a, the nginx smooth sequence", () => {
  const { balancer } = harness("weighted");
  const picks = Array.from({ length: 14 }, () => balancer.pick(heavy, {}));
  assert.deepEqual(picks, [..."aabacaa", ..."aabacaa"]);
});

test("over 7000 picks the shares are exactly 5000/1000/1000", () => {
  const { balancer } = harness("weighted");
  const counts = tally(balancer, heavy, 7000);
  assert.deepEqual(Object.fromEntries(counts), { a: 5000, b: 1000, c: 1000 });
});

test("picks interleave: the light instances are spread between the heavy one's", () => {
  const { balancer } = harness("weighted");
  const picks = Array.from({ length: 7000 }, () => balancer.pick(heavy, {}));
  // Plain weighted round-robin would send a a a a a b c: a run of 5, and b next to c.
  let run = 0;
  let longest = 0;
  for (let i = 0; i < picks.length; i++) {
    run = picks[i] === "a" ? run + 1 : 0;
    longest = Math.max(longest, run);
    if (picks[i] !== "a" && i > 0)
      assert.equal(picks[i - 1], "a", `light picks back to back at ${i}`);
  }
  assert.equal(longest, 4, "at most 4 a's in a row (2 closing one cycle, 2 opening the next)");
  // Any 7 consecutive picks hold the exact shares, not just the total.
  for (let i = 0; i + 7 <= picks.length; i += 1) {
    const window = picks.slice(i, i + 7);
    assert.equal(window.filter((p) => p === "a").length, 5, `window at ${i}`);
  }
});

test("equal weights behave as round-robin", () => {
  const { balancer } = harness("weighted");
  const pool = [inst("a"), inst("b"), inst("c")];
  assert.deepEqual(
    Array.from({ length: 6 }, () => balancer.pick(pool, {})),
    ["a", "b", "c", "a", "b", "c"],
  );
});

test("a full instance is skipped and the others share its picks by their weights", () => {
  const { balancer } = harness("weighted");
  const pool = [
    inst("a", { weight: 5, inFlight: 10 }),
    inst("b", { weight: 2 }),
    inst("c", { weight: 1 }),
  ];
  const counts = tally(balancer, pool, 300);
  assert.deepEqual(Object.fromEntries(counts), { b: 200, c: 100 });
});

test("a weight that is not a positive number counts as 1 instead of breaking the rotation", () => {
  const { balancer } = harness("weighted");
  const pool = [
    inst("a", { weight: 0 }),
    inst("b", { weight: Number.NaN }),
    inst("c", { weight: 2 }),
  ];
  const counts = tally(balancer, pool, 400);
  assert.deepEqual(Object.fromEntries(counts), { a: 100, b: 100, c: 200 });
});
