/**
 * Least-connections: the instance with the fewest calls in flight, counted
 * as they are (not relative to limit or weight), so a slow instance that
 * holds its calls longer naturally gets fewer new ones.
 */
import { pickRandom } from "./random-tie.ts";
import type { InstanceSnapshot } from "./snapshot.ts";
import { hasFreeSlot } from "./snapshot.ts";

export function leastConnections(
  candidates: readonly InstanceSnapshot[],
  random: () => number,
): string | undefined {
  let tied: InstanceSnapshot[] = [];
  let fewest = Infinity;
  for (const candidate of candidates) {
    if (!hasFreeSlot(candidate)) continue;
    if (candidate.inFlight < fewest) {
      fewest = candidate.inFlight;
      tied = [candidate];
    } else if (candidate.inFlight === fewest) {
      tied.push(candidate);
    }
  }
  return pickRandom(tied, random)?.id;
}
