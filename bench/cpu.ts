/**
 * CPU time spent by a run's processes over a phase, by role: what each hop
 * (shim, daemon, server) costs per call. Read from /proc/PID/stat (utime +
 * stime, fields 14 and 15, in clock ticks) of every process carrying the
 * run's marker, before and after the phase. A process that started during
 * the phase counts with all its CPU (it was not there before); one that
 * exited during it is lost (its last ticks cannot be read) - both are
 * counted, so a table can say so. Linux /proc only.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { processesWithMarker } from "../test/helpers/proc.ts";

export const ROLES = ["shims", "daemon", "servers"] as const;
export type Role = (typeof ROLES)[number];

/** µs per clock tick (CLK_TCK is normally 100, i.e. 10 ms ticks). */
const TICK_US = 1e6 / clockTicksPerSecond();

function clockTicksPerSecond(): number {
  try {
    const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

/**
 * Shims and daemons are told apart by their command line; the daemon's
 * watchdog (a shell loop, src/daemon/reaper.ts) counts with the daemon;
 * every other process is a server.
 */
export function roleOf(cmdline: string): Role {
  if (cmdline.includes(" stdio --config")) return "shims";
  if (cmdline.includes(" daemon --config") || cmdline.includes("mcpmux-watchdog")) return "daemon";
  return "servers";
}

/** utime + stime of `pid` in µs, or undefined once it is gone. */
function cpuUs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its ")".
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(rest[11]); // field 14
    const stime = Number(rest[12]); // field 15
    return (utime + stime) * TICK_US;
  } catch {
    return undefined;
  }
}

export type CpuSnapshot = Map<number, { role: Role; us: number }>;

export function cpuSnapshot(marker: string): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const p of processesWithMarker(marker)) {
    const us = cpuUs(p.pid);
    if (us !== undefined) snapshot.set(p.pid, { role: roleOf(p.cmdline), us });
  }
  return snapshot;
}

export interface CpuUse {
  /** CPU µs each role spent during the phase. */
  us: Record<Role, number>;
  /** Processes present at the end and not at the start (all their CPU counted). */
  started: Record<Role, number>;
  /** Processes present at the start and gone at the end (their CPU in the phase is lost). */
  exited: Record<Role, number>;
}

const zero = (): Record<Role, number> => ({ shims: 0, daemon: 0, servers: 0 });

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const use: CpuUse = { us: zero(), started: zero(), exited: zero() };
  for (const [pid, now] of after) {
    const then = before.get(pid);
    if (then === undefined) use.started[now.role]++;
    use.us[now.role] += now.us - (then?.us ?? 0);
  }
  for (const [pid, then] of before) if (!after.has(pid)) use.exited[then.role]++;
  return use;
}

/** Measures `phase`: the CPU of the marked processes and of this process (the clients). */
export async function measureCpu<T>(
  marker: string,
  phase: () => Promise<T>,
): Promise<{ result: T; use: CpuUse; clientUs: number }> {
  const before = cpuSnapshot(marker);
  const client = process.cpuUsage();
  const result = await phase();
  const spent = process.cpuUsage(client);
  const use = cpuBetween(before, cpuSnapshot(marker));
  return { result, use, clientUs: spent.user + spent.system };
}
