/**
 * Concurrency slots of one upstream: at most `limit` client calls in flight,
 * the rest wait in FIFO order, each for a bounded time. The limit can drop
 * to 1 at run time (a server that turns out to send requests to clients).
 * Timers are injected so the queue is tested without real time.
 */
export type Release = () => void;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Waiter {
  grant(release: Release): void;
}

export class Slots {
  private busy = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private currentLimit: number,
    private readonly timers: Timers = realTimers,
  ) {}

  get limit(): number {
    return this.currentLimit;
  }

  get inUse(): number {
    return this.busy;
  }

  get waiting(): number {
    return this.queue.length;
  }

  setLimit(limit: number): void {
    this.currentLimit = limit;
    this.drain();
  }

  /** Resolves with a release function, or "timeout" if no slot freed in time. */
  acquire(timeoutMs: number): Promise<Release | "timeout"> {
    if (this.busy < this.currentLimit && this.queue.length === 0)
      return Promise.resolve(this.take());
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (release) => {
          this.timers.clear(timer);
          resolve(release);
        },
      };
      const timer = this.timers.set(() => {
        const index = this.queue.indexOf(waiter);
        if (index === -1) return;
        this.queue.splice(index, 1);
        resolve("timeout");
      }, timeoutMs);
      this.queue.push(waiter);
    });
  }

  private take(): Release {
    this.busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy--;
      this.drain();
    };
  }

  private drain(): void {
    while (this.busy < this.currentLimit && this.queue.length > 0) {
      this.queue.shift()?.grant(this.take());
    }
  }
}
