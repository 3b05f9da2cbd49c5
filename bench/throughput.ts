/**
 * Section "throughput": 1, 8 and 32 sessions, each calling the probe's
 * `whoami` back to back, measured in the same run:
 *   direct - every session with its own probe process (as clients do today);
 *   shims  - every session a `<binary> stdio` shim to one daemon;
 *   http   - every session on Streamable HTTP to one daemon, with the SDK's
 *            client, and with a lean one (lean-http.ts: the SDK's fetch-based
 *            client costs this process more CPU per call than the daemon).
 * mcpmux runs its DEFAULT pool config: the pool grows only when waiting
 * would cost more than a start, so fast calls should stay on one process.
 * At each session count all four are open at once; after a warm-up under
 * the same load, timed slices of fixed length, the paths taking turns, give
 * calls/s and the CPU each hop spends per call (cpu.ts), the bench process
 * itself counted as "client". Tables: throughput-report.ts.
 */
import { randomUUID } from "node:crypto";
import { servers, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll, processesWithMarker } from "../test/helpers/proc.ts";
import { measureCpu, ROLES, roleOf, type Role } from "./cpu.ts";
import { startHttpDaemon, stopShimDaemon } from "./daemons.ts";
import { LeanHttpSession } from "./lean-http.ts";
import {
  connect,
  directTransport,
  httpTransport,
  leanCaller,
  openMany,
  sdkCaller,
  shimTransport,
  type Caller,
} from "./sessions.ts";
import { PATHS, reportThroughput, type PathName, type Run } from "./throughput-report.ts";

const SESSIONS = [1, 8, 32];
const WARMUP_CALLS = 100;
/** Per path and session count; long enough that 10 ms clock ticks are a small error on every hop. */
const TIMED_MS = 3000;
/** The timed phase in slices, the paths taking turns, so drift on a busy machine hits all alike. */
const SLICES = 3;

/** One path's sessions, open for the whole comparison at one session count. */
interface Setup {
  path: PathName;
  marker: string;
  callers: Caller[];
  close(): Promise<void>;
}

async function open(binary: string, path: PathName, sessions: number): Promise<Setup> {
  const probe = servers.probe();
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  let callers: Caller[] = [];
  let stop = async (): Promise<void> => undefined;
  const close = async () => {
    await Promise.all(callers.map((c) => c.close()));
    await stop();
    killAll(marker);
  };
  try {
    let one: () => Promise<Caller>;
    if (path === "direct") {
      one = async () => sdkCaller(await connect("direct", directTransport(probe, env)), "whoami");
    } else if (path === "shims") {
      const config = writeConfig({ servers: { probe } });
      stop = async () => stopShimDaemon(binary, config, env);
      one = async () =>
        sdkCaller(await connect("shim", shimTransport(binary, config, env)), "probe__whoami");
    } else {
      const daemon = await startHttpDaemon(binary, { probe }, env);
      stop = daemon.stop;
      one =
        path === "http"
          ? async () => sdkCaller(await connect("http", httpTransport(daemon.url)), "probe__whoami")
          : async () => leanCaller(await LeanHttpSession.open(daemon.url), "probe__whoami");
    }
    callers = await openMany(sessions, one);
    return { path, marker, callers, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Under the same load as the timed phase: direct processes are all up
 * before timing, so mcpmux too gets to settle into what this load needs.
 */
async function warmUp(setup: Setup): Promise<void> {
  await Promise.all(
    setup.callers.map(async (c) => {
      for (let i = 0; i < WARMUP_CALLS; i++) await c.call();
    }),
  );
}

/** Every session calls back to back until `ms` has passed; calls, wall time and CPU. */
async function slice(setup: Setup, ms: number): Promise<Run> {
  const { result, use, clientUs } = await measureCpu(setup.marker, async () => {
    const started = performance.now();
    const deadline = started + ms;
    const counts = await Promise.all(
      setup.callers.map(async (c) => {
        let n = 0;
        while (performance.now() < deadline) {
          await c.call();
          n++;
        }
        return n;
      }),
    );
    return { calls: counts.reduce((a, b) => a + b, 0), wallMs: performance.now() - started };
  });
  const serverCount = processesWithMarker(setup.marker).filter(
    (p) => roleOf(p.cmdline) === "servers",
  ).length;
  return { ...result, use, clientUs, servers: serverCount };
}

/** Two slices of one path as one run (server count: the later one's). */
function add(a: Run | undefined, b: Run): Run {
  if (a === undefined) return b;
  const sum = (x: Record<Role, number>, y: Record<Role, number>) =>
    Object.fromEntries(ROLES.map((r) => [r, x[r] + y[r]])) as Record<Role, number>;
  return {
    calls: a.calls + b.calls,
    wallMs: a.wallMs + b.wallMs,
    clientUs: a.clientUs + b.clientUs,
    servers: b.servers,
    use: {
      us: sum(a.use.us, b.use.us),
      started: sum(a.use.started, b.use.started),
      exited: sum(a.use.exited, b.use.exited),
    },
  };
}

async function compare(binary: string, sessions: number): Promise<Record<PathName, Run>> {
  const setups: Setup[] = [];
  try {
    for (const path of PATHS) setups.push(await open(binary, path, sessions));
    for (const setup of setups) await warmUp(setup);
    const runs: Partial<Record<PathName, Run>> = {};
    for (let i = 0; i < SLICES; i++)
      for (const setup of setups)
        runs[setup.path] = add(runs[setup.path], await slice(setup, TIMED_MS / SLICES));
    return runs as Record<PathName, Run>;
  } finally {
    for (const setup of setups) await setup.close();
  }
}

export async function throughputBench(binary: string): Promise<void> {
  const results: Array<{ sessions: number; runs: Record<PathName, Run> }> = [];
  for (const sessions of SESSIONS)
    results.push({ sessions, runs: await compare(binary, sessions) });
  reportThroughput(results, { timedMs: TIMED_MS, slices: SLICES, warmupCalls: WARMUP_CALLS });
}
