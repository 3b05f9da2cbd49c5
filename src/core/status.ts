/**
 * What `mcpmux status` shows: servers with their instances, client
 * sessions, and call latency per server. Plain data, printed as a table or
 * as JSON by the CLI.
 */
import type { Breaker } from "../balance/breaker.ts";
import type { MetricsSnapshot } from "../metrics/snapshot.ts";
import type { ToolStat } from "../metrics/tool-stats.ts";
import type { Hub } from "./hub.ts";

export interface InstanceStatus {
  id: string;
  pid: number | null;
  state: string;
  inFlight: number;
  uptimeMs: number | null;
  restarts: number;
  lastError: string | null;
  /** The instance's circuit breaker: closed (calls flow), open (failing, left alone), half-open (one probe). */
  circuit: { state: string; retryInMs: number | null; lastFailure: string | null };
}

export interface ServerStatus {
  name: string;
  kind: "stdio" | "plugin" | "http" | "sse" | "variants";
  strategy: string;
  share: string;
  tools: number;
  queued: number;
  instances: InstanceStatus[];
  latencyMs: { p50: number | null; p99: number | null; calls: number };
}

export interface SessionStatus {
  id: string;
  client: string;
  era: string;
  transport: string;
  ageMs: number;
}

export interface ConfigStatus {
  file: string | null;
  /** 1 at start, +1 for every reload that applied. */
  generation: number;
  /** When the config now serving was loaded (epoch ms). */
  loadedAt: number | null;
  lastReload: { at: number; summary: string; error: string | null } | null;
  /** Plugins whose file on disk does not load; their last good version serves. */
  brokenPlugins: Record<string, string>;
}

export interface StatusReport {
  pid: number;
  uptimeMs: number;
  config: ConfigStatus;
  servers: ServerStatus[];
  sessions: SessionStatus[];
  /** Per exposed tool since the mux started: calls, errors, latency, which clients call it. */
  tools: ToolStat[];
}

const startedAt = Date.now();

function circuitOf(breaker: Breaker, now: number): InstanceStatus["circuit"] {
  const state = breaker.state(now);
  return {
    state,
    retryInMs: state === "open" ? (breaker.retryAt ?? now) - now : null,
    lastFailure: breaker.lastFailure?.reason ?? null,
  };
}

export function statusReport(hub: Hub, now = Date.now()): StatusReport {
  const servers: ServerStatus[] = [...hub.pools.values()].map((p) => ({
    name: p.name,
    kind:
      p.config.command !== undefined
        ? "stdio"
        : p.config.plugin !== undefined
          ? "plugin"
          : p.config.transport === "sse"
            ? "sse"
            : p.config.url !== undefined
              ? "http"
              : "variants",
    strategy: p.strategy,
    share: p.share,
    tools: p.catalog.tools.length,
    queued: p.queued,
    instances: p.instances.map((u) => ({
      id: u.id,
      pid: u.pid ?? null,
      state: u.state,
      inFlight: p.inFlightOf(u),
      uptimeMs: u.state === "ready" && u.startedAt !== undefined ? now - u.startedAt : null,
      restarts: u.restarts,
      lastError: u.lastError ?? null,
      circuit: circuitOf(p.health.breaker(u.id), now),
    })),
    latencyMs: {
      p50: p.health.window.percentile(50) ?? null,
      p99: p.health.window.percentile(99) ?? null,
      calls: p.health.window.count,
    },
  }));
  // Connections that never initialized (like the one asking for this report) are not client sessions.
  const clients = [...hub.sessions].filter((s) => s.handshakeDone);
  const sessions: SessionStatus[] = clients.map((s) => ({
    id: s.id,
    client:
      `${String(s.clientInfo["name"] ?? "?")} ${String(s.clientInfo["version"] ?? "")}`.trim(),
    era: s.protocolVersion,
    transport: s.kind,
    ageMs: now - s.startedAt,
  }));
  const state = hub.configState;
  const last = state?.lastReload;
  const config: ConfigStatus = {
    file: state?.file ?? null,
    generation: hub.world.generation,
    loadedAt: state?.loadedAt ?? null,
    lastReload:
      last === undefined ? null : { at: last.at, summary: last.summary, error: last.error ?? null },
    brokenPlugins: state?.brokenPlugins ?? {},
  };
  const tools = hub.metrics.tools.report();
  return { pid: process.pid, uptimeMs: now - startedAt, config, servers, sessions, tools };
}

/** What the metrics' gauges show, read from the same state as the report. */
export function metricsSnapshot(hub: Hub, now = Date.now()): MetricsSnapshot {
  const pools = [...hub.pools.values()];
  return {
    instances: pools.flatMap((p) =>
      p.instances.map((u) => ({
        server: p.name,
        instance: u.id,
        state: u.state,
        circuit: p.health.breaker(u.id).state(now),
        restarts: u.restarts,
      })),
    ),
    queued: pools.map((p) => ({ server: p.name, length: p.queued })),
    sessions: [...hub.sessions]
      .filter((s) => s.handshakeDone)
      .map((s) => ({ front: s.kind, client: String(s.clientInfo["name"] ?? "?") })),
  };
}
