/**
 * The autoscaler's decisions over scripted arrival patterns, on a simulated
 * clock: a burst of fast calls does not scale, a burst of 200 ms calls
 * scales to 4, a slow trickle does not scale, and a call that has waited
 * past scaleUpAfter gets an instance whatever the prediction.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  instancesToStart,
  predictedWaitMs,
  type ScaleSnapshot,
} from "../../../src/pool/autoscale.ts";

const base: ScaleSnapshot = {
  now: 10_000,
  waitingSince: [],
  instances: 1,
  starting: 0,
  max: 4,
  slots: 1,
  serviceMs: undefined,
  tailMs: undefined,
  oldestInFlightMs: 0,
  startMs: 300,
  scaleUpAfterMs: 250,
};

/**
 * One instance, one slot, `n` calls arriving together at t=0, each taking
 * `serviceMs`: steps time in 10 ms ticks, serving calls in turn, and returns
 * the largest number of instances the autoscaler asked for at any tick.
 */
function simulateBurst(n: number, serviceMs: number, measured: number | undefined): number {
  let waiting = n - 1; // one starts at once
  let runningSince = 0;
  let asked = 0;
  for (let t = 0; t <= 5_000 && waiting > 0; t += 10) {
    if (t - runningSince >= serviceMs) {
      waiting--;
      runningSince = t;
    }
    const want = instancesToStart({
      ...base,
      now: t,
      waitingSince: Array(waiting).fill(0),
      serviceMs: measured,
      oldestInFlightMs: t - runningSince,
    });
    asked = Math.max(asked, want);
    if (want > 0) break;
  }
  return asked;
}

test("a burst of fast calls (1 ms each) from 20 sessions does not scale", () => {
  assert.equal(simulateBurst(20, 1, undefined), 0, "first burst, nothing measured yet");
  assert.equal(simulateBurst(20, 1, 1), 0, "measured fast");
});

test("a burst of 200 ms calls from 4 sessions scales to 4, before any of them finished", () => {
  assert.equal(simulateBurst(4, 200, undefined), 3);
  assert.equal(simulateBurst(4, 200, 200), 3, "measured: at once");
  assert.equal(
    instancesToStart({ ...base, waitingSince: [10_000, 10_000, 10_000], serviceMs: 200 }),
    3,
    "3 waiting behind a 200 ms call predict 600 ms of waiting: more than a 300 ms start",
  );
});

test("a slow trickle (one call at a time, never two at once) does not scale", () => {
  for (let t = 0; t < 3000; t += 300)
    assert.equal(instancesToStart({ ...base, now: t, serviceMs: 200, oldestInFlightMs: 50 }), 0);
});

test("a call that waited past scaleUpAfter gets an instance whatever the prediction", () => {
  const waited = { ...base, waitingSince: [10_000 - 250], serviceMs: 1 };
  assert.equal(instancesToStart(waited), 1);
  assert.equal(instancesToStart({ ...waited, waitingSince: [10_000 - 249] }), 0);
});

test("never past max, and instances already starting count against the need", () => {
  const busy = { ...base, waitingSince: [0, 0, 0, 0, 0, 0], serviceMs: 1000 };
  assert.equal(instancesToStart(busy), 3, "room for 3 up to max 4");
  assert.equal(instancesToStart({ ...busy, instances: 4, starting: 3 }), 0);
  assert.equal(instancesToStart({ ...busy, instances: 2, starting: 1 }), 2);
});

test("the predicted wait counts turns of `slots` calls, each at least as long as the oldest running", () => {
  assert.equal(
    predictedWaitMs({ ...base, waitingSince: [0, 0, 0], slots: 2, serviceMs: 100 }),
    200,
  );
  assert.equal(
    predictedWaitMs({ ...base, waitingSince: [0], serviceMs: 10, oldestInFlightMs: 400 }),
    400,
  );
});

test("one slow call of a kind seen before, ahead of many fast ones, costs its delay once", () => {
  // 20 sessions' fast calls (3 ms typically, 30 ms at worst lately) queue behind one call stalled for 40 ms.
  const stalled = {
    ...base,
    waitingSince: Array(20).fill(10_000),
    serviceMs: 3,
    tailMs: 30,
    oldestInFlightMs: 40,
  };
  assert.equal(predictedWaitMs(stalled), 40 + 19 * 3);
  assert.equal(instancesToStart(stalled), 0);
  // The same queue behind a call that has run 280 ms: waiting now costs more than a start.
  assert.equal(instancesToStart({ ...stalled, oldestInFlightMs: 280 }), 3);
});

test("a call running far past anything seen lately means the calls changed: they fan out before it ends", () => {
  const measured = { ...base, waitingSince: [10_000, 10_000, 10_000], serviceMs: 200, tailMs: 210 };
  assert.equal(predictedWaitMs(measured), 200 + 2 * 200);
  assert.equal(instancesToStart(measured), 3, "measured blocking: at once");
  // A session's first calls were fast (2 ms, 5 at worst); now 4 calls block their process.
  const turned = { ...base, waitingSince: [10_000, 10_000, 10_000], serviceMs: 2, tailMs: 5 };
  assert.equal(predictedWaitMs({ ...turned, oldestInFlightMs: 8 }), 8 + 2 * 2, "not yet unusual");
  assert.equal(predictedWaitMs({ ...turned, oldestInFlightMs: 150 }), 150 + 2 * 150);
  assert.equal(instancesToStart({ ...turned, oldestInFlightMs: 110 }), 3, "330 ms predicted");
});
