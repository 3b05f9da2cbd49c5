/**
 * What a balancer may know about one instance of a pool at the moment it
 * picks. It is a plain copy rather than the live instance so every strategy
 * stays a pure function of its inputs, and tests can describe any situation
 * with literals.
 */
export interface InstanceSnapshot {
  /** Stable instance id; what `pick` returns. */
  id: string;
  /** Client calls in flight on the instance now. */
  inFlight: number;
  /** The instance's maxConcurrency. */
  limit: number;
  /** > 0, default 1 (per instance or per variant). */
  weight: number;
  /** Only ready instances may be picked. */
  ready: boolean;
  /** For capability routing: does it advertise this tool/prompt/resource? */
  offers?: (name: string) => boolean;
}

/** Only a ready instance under its concurrency limit can take one more call now. */
export const hasFreeSlot = (i: InstanceSnapshot): boolean => i.ready && i.inFlight < i.limit;
