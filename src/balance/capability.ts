/**
 * Capability routing: instances of one pool may advertise different tools
 * (versions, feature flags), and a call must only go to one that offers what
 * it names. Without a target or without an `offers` check there is nothing
 * to rule an instance out on, so it stays a candidate.
 */
import { leastConnections } from "./least-connections.ts";
import type { InstanceSnapshot } from "./snapshot.ts";

export const offersTarget = (i: InstanceSnapshot, tool: string | undefined): boolean =>
  tool === undefined || i.offers === undefined || i.offers(tool);

export function capability(
  candidates: readonly InstanceSnapshot[],
  tool: string | undefined,
  random: () => number,
): string | undefined {
  return leastConnections(
    candidates.filter((c) => offersTarget(c, tool)),
    random,
  );
}
