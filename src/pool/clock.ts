/**
 * Time as a pool sees it: now, and one-shot timers. Injected so admission,
 * retirement and health logic run in tests on a clock the test moves.
 */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; the timer never keeps the process alive. */
  after(ms: number, callback: () => void): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};
