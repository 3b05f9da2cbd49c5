/**
 * When a pool should start another instance. An instance costs a process
 * (its measured start time, and memory); a queued call costs its wait. So a
 * new instance starts only when the wait it would save is worth it: when the
 * predicted wait of the calls in the queue exceeds the server's measured
 * start time, or a call has already waited longer than `pool.scaleUpAfter`.
 * A burst of fast calls from many sessions queues for a few milliseconds on
 * one instance; blocking calls fan out. Pure: the pool passes a snapshot.
 */
export interface ScaleSnapshot {
  now: number;
  /** When each waiting call arrived, oldest first. */
  waitingSince: readonly number[];
  /** Instances, ready or starting. */
  instances: number;
  starting: number;
  max: number;
  /** Calls the ready instances take at once, in all. */
  slots: number;
  /** The typical duration of a call (recent median), if any was measured. */
  serviceMs: number | undefined;
  /** How long the oldest call in flight has been running (a lower bound on this call's duration). */
  oldestInFlightMs: number;
  /** How long this server takes to start, measured; a guess until one start was. */
  startMs: number;
  scaleUpAfterMs: number;
}

/** How many instances to start now (0 when waiting is cheaper). */
export function instancesToStart(s: ScaleSnapshot): number {
  const waiting = s.waitingSince.length;
  const room = s.max - s.instances;
  // Calls that the instances already starting will take need no new one.
  const uncovered = waiting - s.starting;
  if (waiting === 0 || room <= 0 || uncovered <= 0) return 0;
  const oldestWait = s.now - (s.waitingSince[0] ?? s.now);
  if (oldestWait >= s.scaleUpAfterMs) return Math.min(room, uncovered);
  return predictedWaitMs(s) > s.startMs ? Math.min(room, uncovered) : 0;
}

/**
 * The wait of the last call in the queue: the calls ahead of it, in turns
 * of `slots` at a time, each as long as a call takes. A call takes at least
 * as long as the oldest one in flight has already run (so blocking calls
 * are seen before any of them finished).
 */
export function predictedWaitMs(s: ScaleSnapshot): number {
  const perCall = Math.max(s.serviceMs ?? 0, s.oldestInFlightMs);
  const turns = Math.ceil(s.waitingSince.length / Math.max(1, s.slots));
  return turns * perCall;
}

/** When to look again while calls wait and nothing was started: soon enough to catch a blocking call. */
export function recheckInMs(
  s: Pick<ScaleSnapshot, "now" | "waitingSince" | "scaleUpAfterMs">,
): number {
  const oldestWait = s.now - (s.waitingSince[0] ?? s.now);
  return Math.max(10, Math.min(50, s.scaleUpAfterMs - oldestWait));
}
