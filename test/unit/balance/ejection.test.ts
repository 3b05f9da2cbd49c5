/** Outlier ejection: out after consecutive failures, for longer each time, reset by a success. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Ejection } from "../../../src/balance/ejection.ts";

function failTimes(ejection: Ejection, id: string, n: number, now: number): boolean[] {
  return Array.from({ length: n }, () => ejection.failure(id, now));
}

test("ejects after 5 consecutive failures by default, for 1 s", () => {
  const ejection = new Ejection();
  assert.deepEqual(failTimes(ejection, "a", 5, 100), [false, false, false, false, true]);
  assert.equal(ejection.isEjected("a", 100), true);
  assert.equal(ejection.ejectedUntil("a"), 1100);
  assert.equal(ejection.isEjected("a", 1099), true);
  assert.equal(ejection.isEjected("a", 1100), false, "back exactly when the time is up");
  assert.equal(ejection.isEjected("b", 100), false, "other instances are unaffected");
  assert.equal(ejection.ejectedUntil("b"), undefined);
});

test("fewer failures than the threshold, or failures broken by a success, do not eject", () => {
  const ejection = new Ejection({ threshold: 3 });
  failTimes(ejection, "a", 2, 0);
  ejection.success("a");
  failTimes(ejection, "a", 2, 0);
  assert.equal(ejection.isEjected("a", 0), false);
  ejection.failure("a", 0);
  assert.equal(ejection.isEjected("a", 0), true);
});

test("each ejection in a row doubles, up to the cap", () => {
  const ejection = new Ejection({ threshold: 2, baseMs: 1000, maxMs: 5000 });
  const durations: number[] = [];
  let now = 0;
  for (let k = 0; k < 6; k++) {
    failTimes(ejection, "a", 2, now);
    const until = ejection.ejectedUntil("a");
    assert.ok(until !== undefined);
    durations.push(until - now);
    now = until; // back in rotation, and failing again
  }
  assert.deepEqual(durations, [1000, 2000, 4000, 5000, 5000, 5000]);
});

test("a success resets the growth: the next ejection is short again", () => {
  const ejection = new Ejection({ threshold: 1, baseMs: 100, maxMs: 10_000 });
  ejection.failure("a", 0);
  ejection.failure("a", 100);
  assert.equal(ejection.ejectedUntil("a"), 300, "second ejection in a row: 200 ms");
  ejection.success("a");
  ejection.failure("a", 1000);
  assert.equal(ejection.ejectedUntil("a"), 1100, "after a success: 100 ms again");
});

test("failures reported during an ejection do not extend it or count toward the next", () => {
  const ejection = new Ejection({ threshold: 2, baseMs: 1000 });
  failTimes(ejection, "a", 2, 0);
  assert.deepEqual(failTimes(ejection, "a", 10, 500), Array(10).fill(false));
  assert.equal(ejection.ejectedUntil("a"), 1000);
  assert.equal(ejection.failure("a", 1000), false, "after returning, the count starts from zero");
  assert.equal(ejection.failure("a", 1000), true);
});

test("a late success does not cut a running ejection short", () => {
  const ejection = new Ejection({ threshold: 1 });
  ejection.failure("a", 0);
  ejection.success("a");
  assert.equal(ejection.isEjected("a", 500), true);
});

test("forget drops an instance's record", () => {
  const ejection = new Ejection({ threshold: 1 });
  ejection.failure("a", 0);
  ejection.forget("a");
  assert.equal(ejection.isEjected("a", 0), false);
  assert.equal(ejection.ejectedUntil("a"), undefined);
});
