/**
 * The endpoints of one server: its own command/URL, or each of its variants
 * with the server's other settings (timeouts, pool, prefix) applied.
 */
import type { ServerConfig } from "../config/schema.ts";
import { DEFAULT_POOL } from "../config/schema.ts";

export interface Endpoint {
  /** A full server config for one instance. */
  config: ServerConfig;
  weight: number;
  variant: number;
}

export function endpointsOf(server: ServerConfig): Endpoint[] {
  if (server.variants === undefined)
    return [{ config: server, weight: server.weight ?? 1, variant: 0 }];
  const { variants, ...shared } = server;
  return variants.map((variant, index) => ({
    config: { ...shared, ...variant } as ServerConfig,
    weight: variant.weight ?? 1,
    variant: index,
  }));
}

export interface PoolLimits {
  min: number;
  max: number;
  maxConcurrency: number;
  idleTimeoutMs: number;
  queueMax: number;
  queueTimeoutMs: number;
  scaleUpAfterMs: number;
}

/**
 * Defaults: a stdio server (and a plugin, hosted in a process of its own)
 * takes one call at a time and grows to 4 instances when busy; one call at a
 * time is what keeps a server-to-client request tied to exactly one session.
 */
export function poolLimits(server: ServerConfig): PoolLimits {
  const first = server.variants?.[0] ?? server;
  const stdio = first.command !== undefined || first.plugin !== undefined;
  const defaults = stdio ? DEFAULT_POOL.stdio : DEFAULT_POOL.remote;
  const variants = server.variants?.length ?? 1;
  const max = Math.max(server.pool?.max ?? defaults.max, variants);
  return {
    min: Math.min(server.pool?.min ?? defaults.min, max),
    max,
    maxConcurrency: server.pool?.maxConcurrency ?? defaults.maxConcurrency,
    idleTimeoutMs: server.pool?.idleTimeout ?? DEFAULT_POOL.idleTimeoutMs,
    queueMax: server.pool?.queue?.max ?? DEFAULT_POOL.queueMax,
    queueTimeoutMs: server.pool?.queue?.timeout ?? DEFAULT_POOL.queueTimeoutMs,
    scaleUpAfterMs: server.pool?.scaleUpAfter ?? DEFAULT_POOL.scaleUpAfterMs,
  };
}

/** The variant to start next: among those offering the target (if any do), the least served for its weight. */
export function pickEndpoint(
  endpoints: Endpoint[],
  instancesOf: (e: Endpoint) => number,
  offersTarget: (e: Endpoint) => boolean,
): Endpoint {
  const offering = endpoints.filter(offersTarget);
  const candidates = offering.length > 0 ? offering : endpoints;
  const load = (e: Endpoint) => instancesOf(e) / e.weight;
  return candidates.reduce((best, e) => (load(e) < load(best) ? e : best));
}
