/**
 * Admission of a pool's calls: a call is handed to an instance at once if
 * one can take it, else it waits in one bounded queue, first come first
 * served, until an instance frees up (`drain`) or its wait runs out; a full
 * queue refuses at once. One timer serves the whole queue. Over an injected
 * clock, so every case is unit-tested without real time.
 */
import { WaitQueue } from "../balance/queue.ts";
import type { Clock } from "./clock.ts";

export interface Waiter {
  /** Tries to hand the call to an instance; true when it did (or no longer needs to). */
  attempt(): boolean;
  /** The call will not run: `why` says so ("full" or "expired"), or the pool stopped. */
  fail(why: "full" | "expired"): void;
}

export class Admission<W extends Waiter = Waiter> {
  private readonly queue: WaitQueue<W>;
  private timer: { cancel(): void } | undefined;

  constructor(
    max: number,
    private timeoutMs: number,
    private readonly clock: Clock,
  ) {
    this.queue = new WaitQueue<W>(max);
  }

  get length(): number {
    return this.queue.length;
  }

  /** New bounds for calls from now on; calls already waiting keep their deadline. */
  resize(max: number, timeoutMs: number): void {
    this.queue.resize(max);
    this.timeoutMs = timeoutMs;
  }

  /** Dispatches now, or queues; false when the queue was full (the waiter was told). */
  admit(waiter: W): boolean {
    if (waiter.attempt()) return true;
    return this.enqueue(waiter);
  }

  /** Queues a call that could not be dispatched; false when the queue was full (the waiter was told). */
  enqueue(waiter: W): boolean {
    if (!this.queue.offer(waiter, this.clock.now(), this.timeoutMs)) {
      waiter.fail("full");
      return false;
    }
    this.arm();
    return true;
  }

  /** The waiting calls, oldest first (a copy). */
  waiters(): W[] {
    return this.queue.items();
  }

  /** Hands queued calls, oldest first, to instances that can take them now. */
  drain(): void {
    if (this.queue.length === 0) return;
    for (const waiter of this.queue.items()) if (waiter.attempt()) this.queue.remove(waiter);
    this.arm();
  }

  /** A waiting call gave up (cancelled); false if it was not waiting. */
  withdraw(waiter: W): boolean {
    const removed = this.queue.remove(waiter);
    if (removed) this.arm();
    return removed;
  }

  /** Empties the queue (the pool stops); returns the calls that were waiting. */
  clear(): W[] {
    this.timer?.cancel();
    this.timer = undefined;
    const all = this.queue.items();
    for (const waiter of all) this.queue.remove(waiter);
    return all;
  }

  /** One timer for the queue, at its earliest deadline: fails what expired, then re-arms. */
  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const next = this.queue.nextDeadline();
    if (next === undefined) return;
    this.timer = this.clock.after(Math.max(0, next - this.clock.now()), () => {
      this.timer = undefined;
      for (const waiter of this.queue.expire(this.clock.now())) waiter.fail("expired");
      this.arm();
    });
  }
}
