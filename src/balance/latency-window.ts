/**
 * The most recent call durations of one server, for p50/p99 in `mcpmux
 * status` and the autoscaler. The sorted copy is kept until the next call is
 * recorded: the autoscaler reads percentiles on every queued call, and
 * sorting 1024 samples each time cost more than the rest of its decision.
 */
export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private sorted: number[] | undefined;

  constructor(private readonly size = 1024) {}

  record(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    this.sorted = undefined;
  }

  get count(): number {
    return this.samples.length;
  }

  /** The p-th percentile (0-100) of the window, or undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.samples.length === 0) return undefined;
    this.sorted ??= [...this.samples].sort((a, b) => a - b);
    const sorted = this.sorted;
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }
}
