import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../../src/upstream/backoff.ts";

const top = () => 1; // the largest jitter: the full delay
const bottom = () => 0; // the smallest: half of it

test("restart delays double up to the cap while crashes come quickly", () => {
  const backoff = new Backoff(100, 1000, 60_000, top);
  assert.deepEqual(
    [0, 5, 5, 5, 5, 5].map((uptime) => backoff.next(uptime)),
    [100, 200, 400, 800, 1000, 1000],
  );
});

test("each delay is jittered between half and all of it", () => {
  const low = new Backoff(100, 1000, 60_000, bottom);
  assert.deepEqual(
    [0, 5, 5, 5, 5].map((uptime) => low.next(uptime)),
    [50, 100, 200, 400, 500],
  );
  const mid = new Backoff(100, 1000, 60_000, () => 0.5);
  assert.equal(mid.next(0), 75);
});

test("a run that stayed up long enough starts the doubling over", () => {
  const backoff = new Backoff(100, 1000, 60_000, top);
  backoff.next(0);
  backoff.next(10);
  assert.equal(backoff.next(59_999), 400, "just short of stable keeps doubling");
  assert.equal(backoff.next(60_000), 100, "stable resets");
  assert.equal(backoff.next(1), 200);
});
