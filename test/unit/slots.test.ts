import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Slots, type Timers } from "../../src/upstream/slots.ts";

/** Timers that fire only when the test says so. */
function fakeTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    set: (callback, ms) => {
      const id = next++;
      pending.set(id, { callback, ms });
      return id;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  const fireAll = () => {
    for (const [id, t] of [...pending]) {
      pending.delete(id);
      t.callback();
    }
  };
  return { timers, pending, fireAll };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("Slots", () => {
  test("grants up to the limit at once, then queues in FIFO order", async () => {
    const { timers } = fakeTimers();
    const slots = new Slots(2, timers);
    const a = await slots.acquire(100);
    const b = await slots.acquire(100);
    assert.equal(slots.inUse, 2);
    const order: string[] = [];
    const c = slots.acquire(100).then((r) => (order.push("c"), r));
    const d = slots.acquire(100).then((r) => (order.push("d"), r));
    await flush();
    assert.deepEqual(order, []);
    assert.equal(slots.waiting, 2);
    assert.notEqual(a, "timeout");
    if (a !== "timeout") a();
    await flush();
    assert.deepEqual(order, ["c"]);
    if (b !== "timeout") b();
    await flush();
    assert.deepEqual(order, ["c", "d"]);
    assert.notEqual(await c, "timeout");
    assert.notEqual(await d, "timeout");
  });

  test("a waiter whose time runs out gets 'timeout' and leaves the queue", async () => {
    const { timers, fireAll, pending } = fakeTimers();
    const slots = new Slots(1, timers);
    const first = await slots.acquire(50);
    const waiting = slots.acquire(50);
    assert.equal([...pending.values()][0]?.ms, 50);
    fireAll();
    assert.equal(await waiting, "timeout");
    assert.equal(slots.waiting, 0);
    if (first !== "timeout") first();
    assert.equal(slots.inUse, 0);
  });

  test("releasing twice frees one slot only", async () => {
    const slots = new Slots(1, fakeTimers().timers);
    const release = await slots.acquire(10);
    assert.notEqual(release, "timeout");
    if (release === "timeout") return;
    release();
    release();
    assert.equal(slots.inUse, 0);
    await slots.acquire(10);
    assert.equal(slots.inUse, 1);
  });

  test("lowering the limit applies to the next grants; raising it drains the queue", async () => {
    const slots = new Slots(3, fakeTimers().timers);
    const held = [await slots.acquire(10), await slots.acquire(10)];
    slots.setLimit(1);
    const queued = slots.acquire(10);
    let granted = false;
    void queued.then(() => (granted = true));
    for (const r of held) if (r !== "timeout") r();
    await flush();
    assert.equal(granted, true, "granted once the in-use count fell under the new limit");
    assert.equal(slots.inUse, 1);
    const another = slots.acquire(10);
    let second = false;
    void another.then(() => (second = true));
    await flush();
    assert.equal(second, false);
    slots.setLimit(2);
    await flush();
    assert.equal(second, true);
  });
});
