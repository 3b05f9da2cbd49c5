/**
 * When a crashed (or never started) server is started again: after a
 * backoff delay, one timer at a time, counted for `mcpmux status`.
 */
import { Backoff } from "./backoff.ts";

export class Restarts {
  /** Restarts so far. */
  count = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff = new Backoff();

  /** Schedules `restart` after the next delay; undefined when one is already scheduled. */
  schedule(uptimeMs: number, restart: () => void): number | undefined {
    if (this.timer !== undefined) return undefined;
    const delay = this.backoff.next(uptimeMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.count++;
      restart();
    }, delay);
    this.timer.unref?.();
    return delay;
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
