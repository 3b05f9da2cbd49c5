import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  Deadlines,
  systemDeadlineClock,
  type DeadlineClock,
} from "../../src/upstream/deadlines.ts";

/** A clock the test moves; timers fire when `advance` passes their time. */
function manualClock() {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let armed = 0;
  const clock: DeadlineClock = {
    now: () => now,
    set(callback, ms) {
      armed++;
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clear: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number): void => {
    const until = now + ms;
    for (let guard = 0; guard < 1000; guard++) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
      const first = due[0];
      if (first === undefined) break;
      now = first[1].at;
      timers.delete(first[0]);
      first[1].callback();
    }
    now = until;
  };
  return { clock, advance, timersArmed: () => armed, live: () => timers.size };
}

describe("Deadlines", () => {
  test("fires each deadline at its time, not before", () => {
    const { clock, advance } = manualClock();
    const deadlines = new Deadlines<number>(clock);
    const fired: number[] = [];
    deadlines.set(1, 100, () => fired.push(1));
    deadlines.set(2, 50, () => fired.push(2));
    deadlines.set(3, 300, () => fired.push(3));
    advance(49);
    assert.deepEqual(fired, []);
    advance(1);
    assert.deepEqual(fired, [2]);
    advance(50);
    assert.deepEqual(fired, [2, 1]);
    advance(199);
    assert.deepEqual(fired, [2, 1]);
    advance(1);
    assert.deepEqual(fired, [2, 1, 3]);
    assert.equal(deadlines.size, 0);
  });

  test("a deleted deadline never fires", () => {
    const { clock, advance } = manualClock();
    const deadlines = new Deadlines<string>(clock);
    const fired: string[] = [];
    deadlines.set("a", 100, () => fired.push("a"));
    deadlines.set("b", 100, () => fired.push("b"));
    deadlines.delete("a");
    advance(1000);
    assert.deepEqual(fired, ["b"]);
  });

  test("setting a key again starts its time over (progress keeps a request alive)", () => {
    const { clock, advance } = manualClock();
    const deadlines = new Deadlines<number>(clock);
    let fired = 0;
    deadlines.set(1, 100, () => fired++);
    advance(80);
    deadlines.set(1, 100, () => fired++);
    advance(80);
    assert.equal(fired, 0);
    advance(20);
    assert.equal(fired, 1);
  });

  test("many calls with one timeout arm one timer, not one each", () => {
    const { clock, advance, timersArmed, live } = manualClock();
    const deadlines = new Deadlines<number>(clock);
    for (let id = 1; id <= 1000; id++) {
      deadlines.set(id, 60_000, () => assert.fail(`call ${id} timed out`));
      advance(1);
      deadlines.delete(id); // answered a millisecond later
    }
    assert.equal(timersArmed(), 1);
    assert.equal(live(), 1);
    advance(120_000); // the timer fires, finds nothing due, and stops
    assert.equal(live(), 0);
    assert.equal(timersArmed(), 1);
  });

  test("a callback may set a new deadline, which fires in its turn", () => {
    const { clock, advance } = manualClock();
    const deadlines = new Deadlines<string>(clock);
    const fired: string[] = [];
    deadlines.set("first", 10, () => {
      fired.push("first");
      deadlines.set("second", 10, () => fired.push("second"));
    });
    advance(15);
    assert.deepEqual(fired, ["first"]);
    advance(5);
    assert.deepEqual(fired, ["first", "second"]);
  });
});

test("a timeout longer than setTimeout takes (24.8 days) waits, instead of firing and re-arming every millisecond", async () => {
  let armed = 0;
  const counting: DeadlineClock = {
    ...systemDeadlineClock,
    set: (callback, ms) => (armed++, systemDeadlineClock.set(callback, ms)),
  };
  const deadlines = new Deadlines<number>(counting);
  let fired = false;
  deadlines.set(1, 30 * 24 * 3600 * 1000, () => (fired = true));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(fired, false);
  assert.equal(armed, 1);
  deadlines.delete(1);
});
