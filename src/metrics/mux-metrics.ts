/**
 * Every metric of one mux, in its own Registry (never prom-client's global
 * one: a test process holds several muxes). Call metrics are counted as calls
 * complete; everything else is read from the running mux when scraped.
 */
import { Counter, Gauge, Registry } from "prom-client";
import { CallMetrics } from "./call-metrics.ts";
import { registerProcessGauges } from "./process-gauges.ts";
import type { MetricsSnapshot } from "./snapshot.ts";
import { ToolStats } from "./tool-stats.ts";

/** What the HTTP front needs to answer GET /metrics; the port has it when the mux keeps metrics. */
export interface MetricsPort {
  metrics?: () => Promise<string>;
}

export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export class MuxMetrics {
  readonly registry = new Registry();
  readonly calls = new CallMetrics(this.registry);
  readonly tools = new ToolStats();
  private readonly reloads: Counter<"outcome">;
  private readonly instances: Gauge<"server" | "state">;
  private readonly circuits: Gauge<"server" | "instance" | "state">;
  private readonly restarts: Gauge<"server">;
  private readonly queue: Gauge<"server">;
  private readonly sessions: Gauge<"front" | "client">;

  constructor() {
    const registers = [this.registry];
    this.reloads = new Counter({
      name: "mcpmux_config_reloads_total",
      help: "Config reloads and plugin swaps, by outcome (ok or error)",
      labelNames: ["outcome"],
      registers,
    });
    this.instances = new Gauge({
      name: "mcpmux_instances",
      help: "Server instances by state",
      labelNames: ["server", "state"],
      registers,
    });
    this.circuits = new Gauge({
      name: "mcpmux_circuit_state",
      help: "1 for the state each instance's circuit breaker is in (closed, open, half-open)",
      labelNames: ["server", "instance", "state"],
      registers,
    });
    this.restarts = new Gauge({
      name: "mcpmux_server_restarts",
      help: "Restarts of the server's current instances",
      labelNames: ["server"],
      registers,
    });
    this.queue = new Gauge({
      name: "mcpmux_queue_length",
      help: "Calls waiting for a free instance",
      labelNames: ["server"],
      registers,
    });
    this.sessions = new Gauge({
      name: "mcpmux_sessions",
      help: "Client sessions by front door (stdio, socket, http, sse) and client name",
      labelNames: ["front", "client"],
      registers,
    });
    registerProcessGauges(this.registry);
  }

  reloaded(ok: boolean): void {
    this.reloads.labels(ok ? "ok" : "error").inc();
  }

  /** The exposition text, with the gauges set afresh from `snapshot` (servers gone leave no stale series). */
  async exposition(snapshot: MetricsSnapshot): Promise<string> {
    for (const gauge of [this.instances, this.circuits, this.restarts, this.queue, this.sessions])
      gauge.reset();
    const restarts = new Map<string, number>();
    for (const i of snapshot.instances) {
      this.instances.labels(i.server, i.state).inc();
      this.circuits.labels(i.server, i.instance, i.circuit).set(1);
      restarts.set(i.server, (restarts.get(i.server) ?? 0) + i.restarts);
    }
    for (const [server, count] of restarts) this.restarts.labels(server).set(count);
    for (const q of snapshot.queued) this.queue.labels(q.server).set(q.length);
    for (const s of snapshot.sessions) this.sessions.labels(s.front, s.client).inc();
    return this.registry.metrics();
  }
}
