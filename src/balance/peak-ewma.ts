/**
 * Peak-EWMA latency per (instance, tool), the cost the adaptive balancer
 * minimises. A sample above the estimate replaces it at once, so a slowdown
 * is felt on the next pick; lower samples pull it down only gradually, so
 * one lucky fast call does not invite a burst. Errors are recorded as slow
 * calls, so a failing instance looks loaded rather than fast.
 */
export interface LatencyModelOptions {
  /** Time constant of the decay, in ms: older observations weigh exp(-age/decayMs). */
  decayMs?: number;
  /** The latency an error or timeout counts as, in ms. */
  penaltyMs?: number;
}

interface Estimate {
  cost: number;
  at: number;
}

export class LatencyModel {
  private readonly decayMs: number;
  private readonly penaltyMs: number;
  // Tool `undefined` is its own key: calls that name no tool still get a cost.
  private readonly byInstance = new Map<string, Map<string | undefined, Estimate>>();

  constructor(options: LatencyModelOptions = {}) {
    this.decayMs = options.decayMs ?? 10_000;
    this.penaltyMs = options.penaltyMs ?? 5_000;
  }

  /** Record that a call of `tool` on instance `id` took `ms`, finishing at `now`. */
  observe(id: string, tool: string | undefined, ms: number, now: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let tools = this.byInstance.get(id);
    if (tools === undefined) {
      tools = new Map();
      this.byInstance.set(id, tools);
    }
    const estimate = tools.get(tool);
    if (estimate === undefined || ms > estimate.cost) {
      tools.set(tool, { cost: ms, at: now });
      return;
    }
    const w = this.memory(now - estimate.at);
    estimate.cost = estimate.cost * w + ms * (1 - w);
    estimate.at = now;
  }

  /** Record an error or timeout: it counts as a slow call, and never makes the instance look faster. */
  penalize(id: string, tool: string | undefined, now: number): void {
    const stored = this.byInstance.get(id)?.get(tool)?.cost ?? 0;
    this.observe(id, tool, Math.max(this.penaltyMs, stored), now);
  }

  /**
   * The expected latency of `tool` on `id` at `now`; 0 without samples, so a
   * new instance gets tried. The estimate also fades toward 0 while no calls
   * complete (as in Finagle's and Tower's peak-EWMA): otherwise an instance
   * penalised once would be priced out and never get the call that shows it
   * has recovered.
   */
  cost(id: string, tool: string | undefined, now: number): number {
    const estimate = this.byInstance.get(id)?.get(tool);
    if (estimate === undefined) return 0;
    return estimate.cost * this.memory(now - estimate.at);
  }

  /** Drop everything known about an instance that left the pool. */
  forget(id: string): void {
    this.byInstance.delete(id);
  }

  /** How much of the old estimate survives `elapsed` ms. */
  private memory(elapsed: number): number {
    // A clock that steps back must not amplify the estimate (weight > 1).
    if (elapsed <= 0) return 1;
    if (this.decayMs <= 0) return 0;
    return Math.exp(-elapsed / this.decayMs);
  }
}
