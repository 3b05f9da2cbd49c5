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
  /** The slowest calls seen lately (recent p99), if any was measured. */
  tailMs: number | undefined;
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
  // Once waiting costs more than a start, every waiting call gets an instance:
  // calls that block do so together, and an instance outlives this burst.
  return predictedWaitMs(s) > s.startMs ? Math.min(room, uncovered) : 0;
}

/**
 * The wait of the last call in the queue: until the call in flight ends,
 * then the calls ahead of it, in turns of `slots` at a time.
 *
 * The call in flight and the queued ones are estimated apart. A queued call
 * takes what calls have typically taken here (the recent median), unless
 * the call in flight has already run well past anything seen lately (twice
 * the recent p99): then the calls have changed (they block now) and each
 * queued one is expected to take as long; with nothing measured, too. So
 * blocking calls are seen before any of them finished, while one slow call
 * of a kind seen before (a GC pause, a lost time slice) ahead of twenty fast
 * ones costs its own delay once, not twenty times. The call in flight ends
 * when the typical call would; one already past that is overdue, and
 * expected to take about as long again as it has run.
 */
export function predictedWaitMs(s: ScaleSnapshot): number {
  const running = s.oldestInFlightMs;
  const typical = s.serviceMs;
  const headMs = typical === undefined ? running : running < typical ? typical - running : running;
  const unlikeBefore = running > 2 * Math.max(s.tailMs ?? 0, typical ?? 0);
  const perCall = typical === undefined || unlikeBefore ? Math.max(running, typical ?? 0) : typical;
  const turns = Math.ceil(s.waitingSince.length / Math.max(1, s.slots));
  return headMs + (turns - 1) * perCall;
}

/** When to look again while calls wait and nothing was started: soon enough to catch a blocking call. */
export function recheckInMs(
  s: Pick<ScaleSnapshot, "now" | "waitingSince" | "scaleUpAfterMs">,
): number {
  const oldestWait = s.now - (s.waitingSince[0] ?? s.now);
  return Math.max(10, Math.min(50, s.scaleUpAfterMs - oldestWait));
}
