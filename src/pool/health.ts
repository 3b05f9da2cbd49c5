/**
 * What a pool learns from each call's outcome: latency per instance and tool
 * (peak-EWMA, for the adaptive strategy), failures (ejection, and each
 * instance's circuit breaker), and recent durations for `mcpmux status`.
 * Only failures of an instance count against it (mcpmux's typed faults:
 * crashes, timeouts, transport errors); a server's own error is an answer,
 * and a full queue or a client's cancellation says nothing about the
 * instance.
 */
import { Breaker, DEFAULT_BREAKER, type BreakerOptions } from "../balance/breaker.ts";
import { Ejection } from "../balance/ejection.ts";
import { LatencyModel } from "../balance/peak-ewma.ts";
import { LatencyWindow } from "../balance/latency-window.ts";
import { countsAgainstInstance, faultOf } from "../protocol/fault.ts";
import type { Outcome } from "../upstream/pending.ts";

export class PoolHealth {
  readonly latency = new LatencyModel();
  readonly ejection = new Ejection();
  /** Recent call durations, for `mcpmux status`. */
  readonly window = new LatencyWindow();
  private readonly breakers = new Map<string, Breaker>();

  constructor(private breakerOptions: BreakerOptions = DEFAULT_BREAKER) {}

  breaker(instanceId: string): Breaker {
    let breaker = this.breakers.get(instanceId);
    if (breaker === undefined) {
      breaker = new Breaker(this.breakerOptions);
      this.breakers.set(instanceId, breaker);
    }
    return breaker;
  }

  /** New thresholds for breakers made from now on (a reload that changed `health`). */
  setBreakerOptions(options: BreakerOptions): void {
    this.breakerOptions = options;
  }

  /** Records a call's outcome; returns true when it opened the instance's circuit. */
  observe(instanceId: string, tool: string, outcome: Outcome, ms: number, now: number): boolean {
    const breaker = this.breaker(instanceId);
    if (outcome === "cancelled") {
      breaker.released();
      return false;
    }
    this.window.record(ms);
    const fault = faultOf(outcome);
    if (countsAgainstInstance(fault)) {
      this.latency.penalize(instanceId, tool, now);
      this.ejection.failure(instanceId, now);
      return breaker.failure(now, outcome.error?.message ?? fault?.kind ?? "failed");
    }
    if (fault !== undefined) {
      breaker.released(); // refused before it ran (busy, stopped): no verdict on the instance
      return false;
    }
    this.latency.observe(instanceId, tool, ms, now);
    this.ejection.success(instanceId);
    breaker.success();
    return false;
  }

  forget(instanceId: string): void {
    this.latency.forget(instanceId);
    this.ejection.forget(instanceId);
    this.breakers.delete(instanceId);
  }
}
