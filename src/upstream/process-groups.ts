/**
 * The process groups of the server processes this mcpmux runs. The daemon
 * records them in a file so that, if it is killed with SIGKILL, its
 * watchdog (and the next daemon) can stop every one of them.
 */
type Listener = (groups: ReadonlySet<number>) => void;

const groups = new Set<number>();
let listener: Listener | undefined;

export function trackGroup(pgid: number): void {
  groups.add(pgid);
  listener?.(groups);
}

export function untrackGroup(pgid: number): void {
  if (groups.delete(pgid)) listener?.(groups);
}

export function onGroupsChanged(callback: Listener): void {
  listener = callback;
  callback(groups);
}
