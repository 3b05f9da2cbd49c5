/** The pool's wait queue: bounded, FIFO, expiring by deadline. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { WaitQueue } from "../../../src/balance/queue.ts";

test("rejects at once when full, and accepts again once there is room", () => {
  const queue = new WaitQueue<string>(2);
  assert.equal(queue.offer("a", 0, 1000), true);
  assert.equal(queue.offer("b", 0, 1000), true);
  assert.equal(queue.offer("c", 0, 1000), false);
  assert.equal(queue.length, 2);
  queue.take();
  assert.equal(queue.offer("c", 0, 1000), true);
});

test("a queue of size 0 rejects everything", () => {
  assert.equal(new WaitQueue<string>(0).offer("a", 0, 1000), false);
});

test("take returns items first in, first out", () => {
  const queue = new WaitQueue<string>(10);
  for (const item of ["a", "b", "c"]) queue.offer(item, 0, 1000);
  assert.deepEqual(
    [queue.take(), queue.take(), queue.take(), queue.take()],
    ["a", "b", "c", undefined],
  );
  assert.equal(queue.length, 0);
});

test("expire removes the items whose deadline has come, in queue order, and keeps the rest", () => {
  const queue = new WaitQueue<string>(10);
  queue.offer("long", 0, 5000);
  queue.offer("short1", 0, 100);
  queue.offer("mid", 0, 1000);
  queue.offer("short2", 50, 50);
  assert.deepEqual(queue.expire(99), []);
  assert.deepEqual(queue.expire(100), ["short1", "short2"], "a deadline equal to now has passed");
  assert.equal(queue.length, 2);
  assert.deepEqual(queue.expire(10_000), ["long", "mid"]);
  assert.equal(queue.length, 0);
});

test("nextDeadline is the earliest deadline, whatever the order of arrival", () => {
  const queue = new WaitQueue<string>(10);
  assert.equal(queue.nextDeadline(), undefined);
  queue.offer("a", 0, 5000);
  queue.offer("b", 10, 100);
  assert.equal(queue.nextDeadline(), 110);
  queue.expire(queue.nextDeadline() ?? 0);
  assert.equal(queue.nextDeadline(), 5000);
});

test("an item that waits forever sets no deadline to arm a timer for", () => {
  const queue = new WaitQueue<string>(10);
  queue.offer("patient", 0, Number.POSITIVE_INFINITY);
  assert.equal(queue.nextDeadline(), undefined);
  assert.deepEqual(queue.expire(Number.MAX_SAFE_INTEGER), []);
});

test("remove takes out one waiting item (its caller gave up)", () => {
  const a = { id: "a" };
  const b = { id: "b" };
  const c = { id: "c" };
  const queue = new WaitQueue<{ id: string }>(10);
  queue.offer(a, 0, 100);
  queue.offer(b, 0, 50);
  queue.offer(c, 0, 200);
  assert.equal(queue.remove(b), true);
  assert.equal(queue.remove(b), false);
  assert.equal(queue.remove({ id: "a" }), false, "by identity, not by shape");
  assert.equal(queue.nextDeadline(), 100, "the removed item's deadline no longer counts");
  assert.deepEqual([queue.take(), queue.take()], [a, c]);
});
