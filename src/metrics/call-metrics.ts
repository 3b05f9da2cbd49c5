/**
 * The instruments a call touches on its way back (src/pool/pool.ts): calls
 * by outcome, latency, and how long it waited in the queue. The label-bound
 * children are cached per (server, tool) so the hot path is a Map lookup and
 * two additions, not a label resolution.
 */
import { Counter, Histogram, type Registry } from "prom-client";

/** Seconds: from a fast in-process tool to a slow build. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

/** ok, error (the server's own error), cancelled, or the fault kind mcpmux made. */
export type CallOutcome = string;

interface ToolChildren {
  latency: Histogram.Internal<"server" | "tool">;
  outcomes: Map<CallOutcome, Counter.Internal>;
}

export class CallMetrics {
  private readonly calls: Counter<"server" | "tool" | "outcome">;
  private readonly latency: Histogram<"server" | "tool">;
  private readonly wait: Histogram<"server">;
  private readonly children = new Map<string, ToolChildren>();
  private readonly waits = new Map<string, Histogram.Internal<"server">>();

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: "mcpmux_calls_total",
      help: "Calls forwarded to a server, by tool (or method for prompts and resources) and outcome",
      labelNames: ["server", "tool", "outcome"],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: "mcpmux_call_duration_seconds",
      help: "Time from handing a call to an instance to its answer",
      labelNames: ["server", "tool"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.wait = new Histogram({
      name: "mcpmux_queue_wait_seconds",
      help: "Time a call waited for a free instance (0 when one was free)",
      labelNames: ["server"],
      buckets: WAIT_BUCKETS,
      registers: [registry],
    });
  }

  /** A call came back after `ms` on an instance. */
  completed(server: string, tool: string, outcome: CallOutcome, ms: number): void {
    const key = `${server}\u0000${tool}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = { latency: this.latency.labels(server, tool), outcomes: new Map() };
      this.children.set(key, child);
    }
    let counter = child.outcomes.get(outcome);
    if (counter === undefined) {
      counter = this.calls.labels(server, tool, outcome);
      child.outcomes.set(outcome, counter);
    }
    counter.inc();
    child.latency.observe(ms / 1000);
  }

  /** A call that never reached an instance (queue full, circuit open, stopped): counted, not timed. */
  refused(server: string, tool: string, outcome: CallOutcome): void {
    this.calls.labels(server, tool, outcome).inc();
  }

  /** A call was handed to an instance after waiting `ms` for one. */
  waited(server: string, ms: number): void {
    let child = this.waits.get(server);
    if (child === undefined) {
      child = this.wait.labels(server);
      this.waits.set(server, child);
    }
    child.observe(ms / 1000);
  }
}
