import assert from "node:assert/strict";
import { test } from "node:test";
import { Admission, type Waiter } from "../../../src/pool/admission.ts";
import type { Clock } from "../../../src/pool/clock.ts";

/** A clock the test moves by hand; timers fire in order as it passes them. */
class ManualClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; callback: () => void; live: boolean }> = [];
  now(): number {
    return this.time;
  }
  after(ms: number, callback: () => void) {
    const timer = { at: this.time + ms, callback, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
  get armed(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

/** A call that can run only when `free.slots` > 0, recording what happened to it. */
function call(name: string, free: { slots: number }, log: string[]): Waiter {
  return {
    attempt: () => {
      if (free.slots === 0) return false;
      free.slots--;
      log.push(`${name} ran`);
      return true;
    },
    fail: (why) => log.push(`${name} ${why}`),
  };
}

test("a call that can run, runs at once; others wait and run in arrival order as slots free", () => {
  const clock = new ManualClock();
  const admission = new Admission(10, 1000, clock);
  const free = { slots: 1 };
  const log: string[] = [];
  for (const name of ["a", "b", "c"]) admission.admit(call(name, free, log));
  assert.deepEqual(log, ["a ran"]);
  assert.equal(admission.length, 2);
  free.slots = 1;
  admission.drain();
  assert.deepEqual(log, ["a ran", "b ran"]);
  free.slots = 5;
  admission.drain();
  assert.deepEqual(log, ["a ran", "b ran", "c ran"]);
  assert.equal(clock.armed, 0, "an empty queue keeps no timer");
});

test("a full queue refuses at once; a wait that runs out fails at its deadline, not before", () => {
  const clock = new ManualClock();
  const admission = new Admission(2, 1000, clock);
  const free = { slots: 0 };
  const log: string[] = [];
  admission.admit(call("a", free, log));
  clock.advance(400);
  admission.admit(call("b", free, log));
  assert.equal(admission.admit(call("c", free, log)), false);
  assert.deepEqual(log, ["c full"]);
  clock.advance(599);
  assert.deepEqual(log, ["c full"]);
  clock.advance(1);
  assert.deepEqual(log, ["c full", "a expired"]);
  clock.advance(400);
  assert.deepEqual(log, ["c full", "a expired", "b expired"]);
  assert.equal(admission.length, 0);
  assert.equal(clock.armed, 0);
});

test("one timer serves the whole queue, re-armed for the next deadline", () => {
  const clock = new ManualClock();
  const admission = new Admission(100, 1000, clock);
  const free = { slots: 0 };
  const log: string[] = [];
  for (let i = 0; i < 20; i++) {
    admission.admit(call(`w${i}`, free, log));
    clock.advance(10);
  }
  assert.equal(clock.armed, 1);
});

test("a withdrawn call (cancelled) is not failed later; resize applies to calls from then on", () => {
  const clock = new ManualClock();
  const admission = new Admission(1, 1000, clock);
  const free = { slots: 0 };
  const log: string[] = [];
  const a = call("a", free, log);
  admission.admit(a);
  assert.equal(admission.withdraw(a), true);
  assert.equal(admission.withdraw(a), false);
  clock.advance(2000);
  assert.deepEqual(log, []);
  admission.resize(3, 50);
  for (const name of ["b", "c", "d"]) admission.admit(call(name, free, log));
  assert.equal(admission.length, 3);
  clock.advance(50);
  assert.deepEqual(log, ["b expired", "c expired", "d expired"]);
});

test("clear hands back every waiting call and disarms the timer (the pool stops)", () => {
  const clock = new ManualClock();
  const admission = new Admission(10, 1000, clock);
  const free = { slots: 0 };
  const log: string[] = [];
  const waiters = ["a", "b"].map((n) => call(n, free, log));
  for (const w of waiters) admission.admit(w);
  assert.deepEqual(admission.clear(), waiters);
  assert.equal(clock.armed, 0);
  clock.advance(5000);
  assert.deepEqual(log, []);
});
