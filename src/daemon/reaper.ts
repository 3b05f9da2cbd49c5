/**
 * No server process outlives its daemon. Each daemon keeps the process
 * groups of its servers in a file of its own (named with its pid, so a
 * daemon being replaced and its successor never touch each other's list); a
 * tiny watchdog (a shell loop in its own session) waits for the daemon to
 * die, by any means including SIGKILL, and then stops every group still
 * listed. A new daemon also reaps what dead ones left listed, in case a
 * watchdog itself was killed.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { processAlive } from "./lock.ts";

export function writeGroups(file: string, groups: ReadonlySet<number>): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, [...groups].join(" "), { mode: 0o600 });
  renameSync(tmp, file);
}

function readNumbers(file: string): number[] {
  try {
    return readFileSync(file, "utf8")
      .split(/\s+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 1);
  } catch {
    return [];
  }
}

/** The groups file of the daemon with this pid, beside `base` (the config's `<id>.groups`). */
export function groupsFileOf(base: string, pid: number): string {
  return base.replace(/\.groups$/, `.${pid}.groups`);
}

function killGroups(file: string): number {
  const groups = readNumbers(file);
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(file, { force: true });
  return groups.length;
}

/**
 * Kills the groups that dead daemons of this config left listed; returns how
 * many. `base` is the config's `<id>.groups` (what daemons before per-pid
 * files wrote, owned by the pid in `pidFile`).
 */
export function reapLeftovers(base: string, pidFile: string): number {
  let reaped = 0;
  const [previous] = readNumbers(pidFile);
  if (previous === undefined || previous === process.pid || !processAlive(previous))
    reaped += killGroups(base);
  const prefix = basename(base).replace(/groups$/, "");
  let names: string[] = [];
  try {
    names = readdirSync(dirname(base));
  } catch {
    return reaped;
  }
  for (const name of names) {
    const match = name.startsWith(prefix)
      ? /^(\d+)\.groups$/.exec(name.slice(prefix.length))
      : null;
    if (match === null) continue;
    const owner = Number(match[1]);
    if (owner !== process.pid && processAlive(owner)) continue;
    reaped += killGroups(join(dirname(base), name));
  }
  return reaped;
}

/**
 * The watchdog's shell script ($1 is the groups file). Its stdin is a pipe
 * whose other end only the daemon holds: `read` sees end-of-file the moment
 * the daemon is gone, however it died, even while it is an unreaped zombie
 * (which `kill -0` would still find). POSIX only: `kill -s SIG -- -PGID` is
 * the form that dash (Debian's and Ubuntu's /bin/sh) and bash both accept
 * for a process group; dash refuses `kill -KILL -- -PGID`. Groups get
 * SIGTERM, then SIGKILL a second later.
 */
export const WATCHDOG_SCRIPT = [
  `while read -r _; do :; done`,
  `groups=$(cat "$1" 2>/dev/null)`,
  `[ -n "$groups" ] || exit 0`,
  `for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done`,
  `sleep 1`,
  `for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done`,
  `rm -f "$1"`,
].join("\n");

/** Starts the watchdog of this process in its own session; returns its pid. */
export function startWatchdog(groupsFile: string, shell = "/bin/sh"): number | undefined {
  const child = spawn(shell, ["-c", WATCHDOG_SCRIPT, "mcpmux-watchdog", groupsFile], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  });
  child.unref();
  (child.stdin as { unref?: () => void } | null)?.unref?.();
  return child.pid;
}
