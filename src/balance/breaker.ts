/**
 * A circuit breaker for one instance: closed (calls flow), open (no calls:
 * it kept failing), half-open (after a cool-down, one probe call decides).
 * A probe that succeeds closes it; one that fails opens it again for twice
 * as long (up to a cap), so a broken instance costs fewer and fewer calls.
 * Only failures of the instance count (crashes, timeouts, transport errors,
 * unanswered health pings), never a server's own error or a client's
 * cancellation: the caller decides what it reports. Pure: time is passed in.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long the first opening lasts, in ms. */
  cooldownMs: number;
  /** The longest an opening lasts, in ms. */
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  failures: 3,
  cooldownMs: 5_000,
  maxCooldownMs: 60_000,
};

export class Breaker {
  private failuresInARow = 0;
  private openings = 0;
  private openUntil: number | undefined;
  private probing = false;
  /** What the last failure was, for `mcpmux status`. */
  lastFailure: { at: number; reason: string } | undefined;

  constructor(private readonly options: BreakerOptions = DEFAULT_BREAKER) {}

  state(now: number): BreakerState {
    if (this.openUntil === undefined) return "closed";
    return now < this.openUntil ? "open" : "half-open";
  }

  /** When an open circuit lets a probe through; undefined when closed. */
  get retryAt(): number | undefined {
    return this.openUntil;
  }

  /** Whether a call may go to this instance now (a half-open one takes one probe at a time). */
  allows(now: number): boolean {
    const state = this.state(now);
    return state === "closed" || (state === "half-open" && !this.probing);
  }

  /** A call is dispatched: when half-open it is the probe, and no other call goes until it ends. */
  dispatched(now: number): void {
    if (this.state(now) === "half-open") this.probing = true;
  }

  success(): void {
    this.failuresInARow = 0;
    this.openings = 0;
    this.openUntil = undefined;
    this.probing = false;
  }

  /** A failure of the instance; returns true when this failure opened the circuit. */
  failure(now: number, reason: string): boolean {
    this.lastFailure = { at: now, reason };
    const state = this.state(now);
    // Failures from calls sent before the circuit opened are evidence already acted on.
    if (state === "open") return false;
    if (state === "half-open" || ++this.failuresInARow >= this.options.failures) {
      const cooldown = Math.min(
        this.options.cooldownMs * 2 ** this.openings,
        this.options.maxCooldownMs,
      );
      if (cooldown < this.options.maxCooldownMs) this.openings++;
      this.openUntil = now + cooldown;
      this.failuresInARow = 0;
      this.probing = false;
      return true;
    }
    return false;
  }

  /** A call that neither proved nor disproved anything (cancelled, or refused before it ran) ends. */
  released(): void {
    this.probing = false;
  }
}
