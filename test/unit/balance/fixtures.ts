/** Shared builders for the balancer tests: instances, a fixed clock, a seeded random. */
import { Ejection } from "../../../src/balance/ejection.ts";
import { LatencyModel } from "../../../src/balance/peak-ewma.ts";
import type { InstanceSnapshot } from "../../../src/balance/snapshot.ts";
import {
  createBalancer,
  type Balancer,
  type StrategyName,
} from "../../../src/balance/strategies.ts";

/** A ready, idle instance with room for 10 calls and weight 1, unless told otherwise. */
export function inst(id: string, over: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return { id, inFlight: 0, limit: 10, weight: 1, ready: true, ...over };
}

/** A deterministic random source (a small LCG), so property-style tests are reproducible. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface Harness {
  balancer: Balancer;
  latency: LatencyModel;
  ejection: Ejection;
  clock: { now: number };
}

export function harness(name: StrategyName, random: () => number = () => 0): Harness {
  const latency = new LatencyModel();
  const ejection = new Ejection();
  const clock = { now: 1_000_000 };
  const balancer = createBalancer(name, { now: () => clock.now, random, latency, ejection });
  return { balancer, latency, ejection, clock };
}

/** Pick `n` times, each call finishing before the next, and count the picks per id. */
export function tally(
  balancer: Balancer,
  candidates: InstanceSnapshot[],
  n: number,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = balancer.pick(candidates, {});
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
