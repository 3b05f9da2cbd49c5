/**
 * No server process outlives its daemon. The daemon keeps the process
 * groups of its servers in a file; a tiny watchdog (a shell loop in its own
 * session) waits for the daemon to die, by any means including SIGKILL, and
 * then kills every group still listed. A new daemon also reaps what a dead
 * one left listed, in case the watchdog itself was killed.
 */
import { spawn } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

/** Kills the groups a dead daemon left behind; returns how many were listed. */
export function reapLeftovers(groupsFile: string, pidFile: string): number {
  const [previous] = readNumbers(pidFile);
  if (previous !== undefined && previous !== process.pid && processAlive(previous)) return 0;
  const groups = readNumbers(groupsFile);
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(groupsFile, { force: true });
  return groups.length;
}

export function startWatchdog(daemonPid: number, groupsFile: string): void {
  const script = [
    `while kill -0 ${daemonPid} 2>/dev/null; do sleep 0.5; done`,
    `for g in $(cat "$1" 2>/dev/null); do kill -KILL -- "-$g" 2>/dev/null; done`,
    `rm -f "$1"`,
  ].join("\n");
  const child = spawn("/bin/sh", ["-c", script, "mcpmux-watchdog", groupsFile], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
}
