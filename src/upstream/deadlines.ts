/**
 * The timeouts of every request in flight on one connection, kept with one
 * timer instead of one per request: a forwarded call is the hot path, and
 * arming and clearing a timer for each cost more than the rest of its
 * bookkeeping. The timer is armed for the earliest deadline; a request whose
 * deadline comes later (the usual case: one timeout for all) touches no
 * timer at all, and a settled request leaves the timer be. When it fires,
 * what is due fires and the timer is armed again for the next deadline, if
 * any. Time is injected so the logic is tested without waiting.
 */

export interface DeadlineClock {
  now(): number;
  /** A one-shot timer that never keeps the process alive. */
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The longest delay setTimeout takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemDeadlineClock: DeadlineClock = {
  now: () => performance.now(),
  set(callback, ms) {
    // Runtimes fire a longer timer after 1 ms; the sweep re-arms for what is left.
    const timer = setTimeout(callback, Math.min(ms, MAX_TIMER_MS));
    timer.unref?.();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Due {
  at: number;
  fire: () => void;
}

export class Deadlines<K> {
  private readonly due = new Map<K, Due>();
  private armedFor: number | undefined;
  private handle: unknown;

  constructor(private readonly clock: DeadlineClock = systemDeadlineClock) {}

  /** Calls `fire` in `ms` unless `delete(key)` comes first; a key set again starts over. */
  set(key: K, ms: number, fire: () => void): void {
    const at = this.clock.now() + ms;
    this.due.delete(key); // re-inserted last: iteration order stays roughly by deadline
    this.due.set(key, { at, fire });
    if (this.armedFor === undefined || at < this.armedFor) this.arm(at);
  }

  delete(key: K): void {
    this.due.delete(key);
  }

  get size(): number {
    return this.due.size;
  }

  private arm(at: number): void {
    if (this.handle !== undefined) this.clock.clear(this.handle);
    this.armedFor = at;
    this.handle = this.clock.set(() => this.sweep(), Math.max(0, at - this.clock.now()));
  }

  private sweep(): void {
    this.handle = undefined;
    this.armedFor = undefined;
    const now = this.clock.now();
    const fired: Due[] = [];
    let next: number | undefined;
    for (const [key, due] of this.due) {
      if (due.at <= now) {
        this.due.delete(key);
        fired.push(due);
      } else if (next === undefined || due.at < next) next = due.at;
    }
    if (next !== undefined) this.arm(next);
    // Fired last: a callback may set or delete deadlines of its own.
    for (const due of fired) due.fire();
  }
}
