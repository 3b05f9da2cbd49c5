/** IdleWatch over a fake clock, and onResponseDone over real streams. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IdleWatch, onResponseDone, type Timers } from "../../../src/front/idle.ts";

class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get armed(): number {
    return this.pending.size;
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.pending.delete(id);
      timer.fn();
    }
  }
}

describe("IdleWatch", () => {
  test("fires once after idleMs with nothing open", () => {
    const timers = new FakeTimers();
    let fired = 0;
    new IdleWatch(1000, () => fired++, 0, timers);
    timers.advance(999);
    assert.equal(fired, 0);
    timers.advance(1);
    assert.equal(fired, 1);
    timers.advance(5000);
    assert.equal(fired, 1);
  });

  test("never fires while something is open, however long", () => {
    const timers = new FakeTimers();
    let fired = 0;
    const watch = new IdleWatch(1000, () => fired++, 1, timers);
    watch.begin();
    watch.end();
    timers.advance(60_000);
    assert.equal(fired, 0);
    assert.equal(watch.open, 1);
    watch.end();
    timers.advance(999);
    assert.equal(fired, 0);
    timers.advance(1);
    assert.equal(fired, 1);
  });

  test("a request restarts the clock", () => {
    const timers = new FakeTimers();
    let fired = 0;
    const watch = new IdleWatch(1000, () => fired++, 0, timers);
    timers.advance(800);
    watch.begin();
    watch.end();
    timers.advance(800);
    assert.equal(fired, 0);
    timers.advance(200);
    assert.equal(fired, 1);
  });

  test("0 never fires; dispose stops it; extra end() calls are ignored", () => {
    const timers = new FakeTimers();
    let fired = 0;
    const never = new IdleWatch(0, () => fired++, 0, timers);
    never.end();
    timers.advance(1e9);
    assert.equal(timers.armed, 0);
    const disposed = new IdleWatch(1000, () => fired++, 0, timers);
    disposed.dispose();
    disposed.begin();
    disposed.end();
    timers.advance(1e9);
    assert.equal(fired, 0);
    const watch = new IdleWatch(1000, () => fired++, 1, timers);
    watch.end();
    watch.end(); // not below zero: a later begin() still counts
    watch.begin();
    timers.advance(5000);
    assert.equal(fired, 0);
  });
});

describe("onResponseDone", () => {
  test("at once for a response without a body", () => {
    let done = 0;
    onResponseDone(new Response(null, { status: 202 }), () => done++);
    assert.equal(done, 1);
  });

  test("when the body has been read to its end, with status and headers kept", async () => {
    let done = 0;
    const response = onResponseDone(
      new Response("hello", { status: 201, headers: { "x-a": "1" } }),
      () => done++,
    );
    assert.equal(done, 0);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-a"), "1");
    assert.equal(await response.text(), "hello");
    assert.equal(done, 1);
  });

  test("when the reader cancels (the client went away), and the source is cancelled too", async () => {
    let done = 0;
    let cancelled = false;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("event: x\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = onResponseDone(new Response(source), () => done++);
    const reader = response.body!.getReader();
    await reader.read();
    assert.equal(done, 0, "an open stream is not done");
    await reader.cancel();
    assert.equal(done, 1);
    assert.equal(cancelled, true);
  });
});
