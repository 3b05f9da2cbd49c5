/**
 * What a pool learns from each call's outcome: latency per instance and tool
 * (peak-EWMA, for the adaptive strategy), failures (ejection), and recent
 * durations for \`mcpmux status\`. Errors and timeouts count as load.
 */
import { Ejection } from "../balance/ejection.ts";
import { LatencyModel } from "../balance/peak-ewma.ts";
import { ErrorCode } from "../protocol/jsonrpc.ts";
import { LatencyWindow } from "../balance/latency-window.ts";
import type { Outcome } from "../upstream/pending.ts";

export class PoolHealth {
  readonly latency = new LatencyModel();
  readonly ejection = new Ejection();
  /** Recent call durations, for \`mcpmux status\`. */
  readonly window = new LatencyWindow();

  observe(instanceId: string, tool: string, outcome: Outcome, ms: number, now: number): void {
    if (outcome === "cancelled") return;
    this.window.record(ms);
    const code = outcome.error?.code;
    if (code === ErrorCode.UpstreamError || code === ErrorCode.RequestTimeout) {
      this.latency.penalize(instanceId, tool, now);
      this.ejection.failure(instanceId, now);
    } else {
      this.latency.observe(instanceId, tool, ms, now);
      this.ejection.success(instanceId);
    }
  }

  forget(instanceId: string): void {
    this.latency.forget(instanceId);
    this.ejection.forget(instanceId);
  }
}
