/**
 * The balancing strategies a pool can be configured with, behind one
 * `pick` so the pool does not care which one runs. A balancer is created per
 * pool because round-robin and weighted remember where they are; time and
 * randomness come in through `deps` so every pick is reproducible in tests.
 */
import { adaptive } from "./adaptive.ts";
import { capability } from "./capability.ts";
import type { Ejection } from "./ejection.ts";
import { leastConnections } from "./least-connections.ts";
import type { LatencyModel } from "./peak-ewma.ts";
import { createRoundRobin } from "./round-robin.ts";
import type { InstanceSnapshot } from "./snapshot.ts";
import { createWeighted } from "./weighted.ts";

export type StrategyName =
  "round-robin" | "weighted" | "least-connections" | "capability" | "adaptive";

export interface BalancerDeps {
  now: () => number;
  random: () => number;
  latency: LatencyModel;
  ejection: Ejection;
}

/** What the call is for: capability and adaptive look at the tool (or prompt/resource) name. */
export interface PickTarget {
  tool?: string | undefined;
}

export interface Balancer {
  readonly strategy: StrategyName;
  /** The id of the instance to send the call to, or undefined when none can take it now. */
  pick(candidates: readonly InstanceSnapshot[], target: PickTarget): string | undefined;
}

export function createBalancer(name: StrategyName, deps: BalancerDeps): Balancer {
  const make = (pick: Balancer["pick"]): Balancer => ({ strategy: name, pick });
  switch (name) {
    case "round-robin": {
      const next = createRoundRobin();
      return make((candidates) => next(candidates));
    }
    case "weighted": {
      const next = createWeighted();
      return make((candidates) => next(candidates));
    }
    case "least-connections":
      return make((candidates) => leastConnections(candidates, deps.random));
    case "capability":
      return make((candidates, target) => capability(candidates, target.tool, deps.random));
    case "adaptive":
      return make((candidates, target) => adaptive(candidates, target.tool, deps));
    default: {
      const unknown: never = name;
      throw new Error(`unknown balancing strategy: ${String(unknown)}`);
    }
  }
}
