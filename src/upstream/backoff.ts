/**
 * Restart delays for a crashing server: doubling from `minMs` to `maxMs`,
 * back to the start once a run has stayed up for `stableMs`. Pure: the
 * caller says how long the last run lasted.
 */
export class Backoff {
  private streak = 0;

  constructor(
    private readonly minMs = 500,
    private readonly maxMs = 30_000,
    private readonly stableMs = 60_000,
  ) {}

  /** The delay before the next start, given how long the last run was up (0 if it never started). */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.stableMs) this.streak = 0;
    const delay = Math.min(this.maxMs, this.minMs * 2 ** this.streak);
    this.streak++;
    return delay;
  }
}
