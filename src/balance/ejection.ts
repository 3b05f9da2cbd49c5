/**
 * Outlier ejection: an instance that keeps failing is taken out of rotation
 * for a while instead of eating a share of the calls. Each ejection in a row
 * lasts twice as long as the one before (up to `maxMs`), so a broken instance
 * costs fewer and fewer calls; one success starts the counting over.
 */
export interface EjectionOptions {
  /** Consecutive failures that eject an instance. */
  threshold?: number;
  /** How long the first ejection lasts, in ms. */
  baseMs?: number;
  /** The longest an ejection lasts, in ms. */
  maxMs?: number;
}

interface State {
  /** Failures since the last success or ejection. */
  failures: number;
  /** Ejections since the last success: the exponent of the next duration. */
  streak: number;
  until: number | undefined;
}

export class Ejection {
  private readonly threshold: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly states = new Map<string, State>();

  constructor(options: EjectionOptions = {}) {
    this.threshold = Math.max(1, options.threshold ?? 5);
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
  }

  /** Record a failed call; true when this failure ejected the instance. */
  failure(id: string, now: number): boolean {
    let state = this.states.get(id);
    if (state === undefined) {
      state = { failures: 0, streak: 0, until: undefined };
      this.states.set(id, state);
    }
    // Failures landing during an ejection come from calls sent before it:
    // they are the evidence already acted on, not new failures to count.
    if (state.until !== undefined && now < state.until) return false;
    state.failures++;
    if (state.failures < this.threshold) return false;
    const duration = Math.min(this.baseMs * 2 ** state.streak, this.maxMs);
    state.failures = 0;
    state.until = now + duration;
    // Stop growing at the cap so the exponent cannot overflow to Infinity.
    if (duration < this.maxMs) state.streak++;
    return true;
  }

  /**
   * Record a successful call: the failure count and the growth start over.
   * A running ejection still runs out its time — a late success from a call
   * sent before it proves little about the instance now.
   */
  success(id: string): void {
    const state = this.states.get(id);
    if (state === undefined) return;
    if (state.until === undefined) {
      this.states.delete(id);
      return;
    }
    state.failures = 0;
    state.streak = 0;
  }

  isEjected(id: string, now: number): boolean {
    const until = this.states.get(id)?.until;
    return until !== undefined && now < until;
  }

  /** When the latest ejection ends (possibly already past), or undefined if never ejected. */
  ejectedUntil(id: string): number | undefined {
    return this.states.get(id)?.until;
  }

  /** Drop an instance that left the pool. */
  forget(id: string): void {
    this.states.delete(id);
  }
}
