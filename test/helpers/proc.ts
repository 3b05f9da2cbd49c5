/**
 * Finding a test's processes by a marker in their environment (inherited by
 * shims, the daemon and the servers it starts), so tests can count them and
 * kill every one by pid afterwards. Linux /proc only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { tempDir } from "./temp.ts";

export interface Proc {
  pid: number;
  cmdline: string;
}

export function processesWithMarker(marker: string): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
      if (!environ.includes(marker)) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.split(") ")[1]?.startsWith("Z")) continue; // a zombie is already dead
      found.push({ pid, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

export function killAll(marker: string): void {
  for (const p of processesWithMarker(marker)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value. */
export async function eventually<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = read();
  }
  return value;
}

/**
 * An environment for a run that starts daemons: its own runtime and state
 * dirs (so it never meets another run's daemon) and `marker`, inherited by
 * every process it starts, to find and kill them all afterwards.
 */
export function isolatedEnv(
  marker: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    XDG_RUNTIME_DIR: tempDir("mcpmux-rt-"),
    XDG_STATE_HOME: tempDir("mcpmux-state-"),
    MCPMUX_TEST_MARKER: marker,
    ...extra,
  };
}
