/**
 * Adaptive: the lowest expected wait, estimated as peak-EWMA latency of the
 * tool on that instance times the calls it would be queued behind
 * (inFlight + 1). Slow or erroring instances get less traffic, load spreads
 * as in-flight grows, and ejected instances get none until they return.
 */
import type { Ejection } from "./ejection.ts";
import type { LatencyModel } from "./peak-ewma.ts";
import { pickRandom } from "./random-tie.ts";
import type { InstanceSnapshot } from "./snapshot.ts";
import { hasFreeSlot } from "./snapshot.ts";

export interface AdaptiveDeps {
  now: () => number;
  random: () => number;
  latency: LatencyModel;
  ejection: Ejection;
}

export function adaptive(
  candidates: readonly InstanceSnapshot[],
  tool: string | undefined,
  deps: AdaptiveDeps,
): string | undefined {
  const now = deps.now();
  let tied: InstanceSnapshot[] = [];
  let bestScore = Infinity;
  let bestInFlight = Infinity;
  for (const candidate of candidates) {
    if (!hasFreeSlot(candidate) || deps.ejection.isEjected(candidate.id, now)) continue;
    // No sample yet costs 0, so a new instance is tried and gets measured.
    const score = deps.latency.cost(candidate.id, tool, now) * (candidate.inFlight + 1);
    // Equal scores (typically several unmeasured instances at 0) fall back to
    // fewer calls in flight before chance, so a burst does not pile onto one of them.
    const better = score < bestScore || (score === bestScore && candidate.inFlight < bestInFlight);
    if (better) {
      tied = [candidate];
      bestScore = score;
      bestInFlight = candidate.inFlight;
    } else if (score === bestScore && candidate.inFlight === bestInFlight) {
      tied.push(candidate);
    }
  }
  return pickRandom(tied, deps.random)?.id;
}
