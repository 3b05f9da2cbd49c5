/**
 * Round-robin: each instance with a free slot in turn, in the candidates'
 * order. The balancer remembers its last pick so the rotation continues
 * across calls, and skips instances that are full or not ready.
 */
import type { InstanceSnapshot } from "./snapshot.ts";
import { hasFreeSlot } from "./snapshot.ts";

export function createRoundRobin(): (
  candidates: readonly InstanceSnapshot[],
) => string | undefined {
  let lastId: string | undefined;
  // Where the last pick stood: if that instance leaves the pool, the one that
  // slid into its position is next, so the rotation neither restarts nor skips.
  let lastIndex = 0;
  return (candidates) => {
    const n = candidates.length;
    const found = lastId === undefined ? -1 : candidates.findIndex((c) => c.id === lastId);
    const from = found >= 0 ? found + 1 : lastIndex;
    for (let k = 0; k < n; k++) {
      const index = (from + k) % n;
      const candidate = candidates[index];
      if (candidate === undefined || !hasFreeSlot(candidate)) continue;
      lastId = candidate.id;
      lastIndex = index;
      return candidate.id;
    }
    return undefined;
  };
}
