/**
 * Smooth weighted round-robin (nginx): every pick adds each eligible
 * instance's weight to its running value, takes the largest and subtracts
 * the total from it. Over any full cycle each instance gets exactly
 * weight/total of the picks, and the heavy ones are interleaved with the
 * light ones instead of arriving in bursts (5:1:1 gives a a b a c a a).
 */
import type { InstanceSnapshot } from "./snapshot.ts";
import { hasFreeSlot } from "./snapshot.ts";

/** A weight that is not a positive finite number would poison the running values for good; count it as 1. */
export const effectiveWeight = (i: InstanceSnapshot): number =>
  Number.isFinite(i.weight) && i.weight > 0 ? i.weight : 1;

export function createWeighted(): (candidates: readonly InstanceSnapshot[]) => string | undefined {
  const current = new Map<string, number>();
  return (candidates) => {
    // Instances that left the pool must not keep a stale credit should they come back.
    const present = new Set(candidates.map((c) => c.id));
    for (const id of current.keys()) if (!present.has(id)) current.delete(id);

    let total = 0;
    let best: InstanceSnapshot | undefined;
    let bestValue = -Infinity;
    for (const candidate of candidates) {
      // Full or unready instances sit the round out without gaining credit,
      // so they do not burst when they free up (nginx does the same for down peers).
      if (!hasFreeSlot(candidate)) continue;
      const weight = effectiveWeight(candidate);
      total += weight;
      const value = (current.get(candidate.id) ?? 0) + weight;
      current.set(candidate.id, value);
      if (value > bestValue) {
        best = candidate;
        bestValue = value;
      }
    }
    if (best === undefined) return undefined;
    current.set(best.id, bestValue - total);
    return best.id;
  };
}
