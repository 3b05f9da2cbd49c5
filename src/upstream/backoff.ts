/**
 * Restart delays for a crashing server: doubling from `minMs` to `maxMs`,
 * back to the start once a run has stayed up for `stableMs`. Each delay is
 * jittered (between half and all of it), so servers that crashed together
 * (a shared dependency went away) do not all come back in the same instant.
 * Pure: the caller says how long the last run lasted, and gives the random
 * source.
 */
export class Backoff {
  private streak = 0;

  constructor(
    private readonly minMs = 500,
    private readonly maxMs = 30_000,
    /**
     * A run this long was a healthy one: the next crash starts the doubling
     * over. Short, so a server that crashes now and then after real work
     * comes back at once; a crash loop at start (runs of a second or two)
     * still backs off.
     */
    private readonly stableMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next start, given how long the last run was up (0 if it never started). */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.stableMs) this.streak = 0;
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** this.streak);
    if (ceiling < this.maxMs) this.streak++;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
