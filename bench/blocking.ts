/**
 * Section "blocking": calls that block their server process fan out. Four
 * sessions through shims (DEFAULT pool config) each call the probe's
 * `block` (busy-waits 200 ms, so one process serves one at a time) at the
 * same moment; the burst is repeated. The first burst finds one instance
 * and must start more (so it may take 200 ms plus one process start); the
 * later ones find four and should take little more than 200 ms. Measured
 * next to, in the same run: one start of the probe (spawn → initialize
 * answer, direct) and the same burst on 4 direct processes.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/client";
import { ROOT, servers, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll, processesWithMarker } from "../test/helpers/proc.ts";
import { roleOf } from "./cpu.ts";
import { stopShimDaemon } from "./daemons.ts";
import {
  closeAll,
  connectMany,
  directTransport,
  shimTransport,
  type Transport,
} from "./sessions.ts";
import { timeToInitialize } from "./spawn-timing.ts";
import { fixed, goalsTable, median, table, verdict } from "./stats.ts";

const SESSIONS = 4;
const BLOCK_MS = 200;
const BURSTS = 5;
const STARTS = 3;
const PAUSE_MS = 100;

/** Spawn → initialize answer of one probe process (direct), ms. */
function probeStart(env: Record<string, string>): Promise<number> {
  const probe = servers.probe();
  return timeToInitialize(probe.command, probe.args, { env, cwd: ROOT });
}

interface Burst {
  ms: number;
  /** Distinct server processes that ran this burst's calls. */
  processes: number;
}

/** Every client calls `block` at the same moment; the wall time until the last answer. */
async function burst(clients: Client[], tool: string): Promise<Burst> {
  const started = performance.now();
  const results = await Promise.all(
    clients.map((c) => c.callTool({ name: tool, arguments: { ms: BLOCK_MS } })),
  );
  const ms = performance.now() - started;
  const pids = results.map((r) => (r.structuredContent as { pid?: number } | undefined)?.pid);
  return { ms, processes: new Set(pids).size };
}

async function bursts(clients: Client[], tool: string): Promise<Burst[]> {
  const all: Burst[] = [];
  for (let i = 0; i < BURSTS; i++) {
    all.push(await burst(clients, tool));
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  return all;
}

/** Runs `body` with SESSIONS clients whose processes carry a fresh marker, then ends them all. */
async function withSessions<T>(
  open: (env: Record<string, string>) => { transport: (i: number) => Transport; stop?: () => void },
  body: (clients: Client[], marker: string) => Promise<T>,
): Promise<T> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const { transport, stop } = open(env);
  let clients: Client[] = [];
  try {
    clients = await connectMany(SESSIONS, "block", transport);
    return await body(clients, marker);
  } finally {
    await closeAll(clients);
    stop?.();
    killAll(marker);
  }
}

export async function blockingBench(binary: string): Promise<void> {
  const probe = servers.probe();
  const startMarker = `mcpmux-bench-${randomUUID()}`;
  const starts: number[] = [];
  try {
    const env = isolatedEnv(startMarker);
    for (let i = 0; i < STARTS; i++) starts.push(await probeStart(env));
  } finally {
    killAll(startMarker);
  }
  const direct = await withSessions(
    (env) => ({ transport: () => directTransport(probe, env) }),
    (clients) => bursts(clients, "block"),
  );
  const mux = await withSessions(
    (env) => {
      const config = writeConfig({ servers: { probe } });
      return {
        transport: () => shimTransport(binary, config, env),
        stop: () => stopShimDaemon(binary, config, env),
      };
    },
    async (clients, marker) => {
      // The first instance is warm (a session's first call), as in real use.
      for (const c of clients) await c.callTool({ name: "probe__whoami", arguments: {} });
      const measured = await bursts(clients, "probe__block");
      const probes = processesWithMarker(marker).filter((p) => roleOf(p.cmdline) === "servers");
      return { measured, probes: probes.length };
    },
  );
  report(starts, direct, mux.measured, mux.probes);
}

function report(starts: number[], direct: Burst[], mux: Burst[], probes: number): void {
  const start = median(starts);
  const [first, ...later] = mux;
  const laterMs = later.map((b) => b.ms);
  const laterMax = Math.max(...laterMs);
  const each = (list: Burst[]) => list.map((b) => `${fixed(b.ms, 0)} (${b.processes})`).join(", ");
  console.log(
    `\nblocking: ${SESSIONS} sessions call \`block\` (${BLOCK_MS} ms, blocks its process) at the same moment, ${BURSTS} bursts ${PAUSE_MS} ms apart (mcpmux: default pool), wall ms:\n`,
  );
  console.log(
    table(
      ["what", "ms", "each: ms (bursts: processes that served it)"],
      [
        [
          `one probe process start (spawn → initialize answer, direct, median of ${STARTS})`,
          fixed(start, 0),
          starts.map((ms) => fixed(ms, 0)).join(", "),
        ],
        [
          `direct, ${SESSIONS} processes: burst (median)`,
          fixed(median(direct.map((b) => b.ms)), 0),
          each(direct),
        ],
        ["shims: first burst", fixed(first?.ms ?? NaN, 0), each(mux)],
        ["shims: later bursts, median", fixed(median(laterMs), 0), ""],
        ["shims: later bursts, max", fixed(laterMax, 0), ""],
      ],
    ),
  );
  console.log("");
  console.log(
    goalsTable([
      {
        goal: `first burst ≤ ${BLOCK_MS} ms + one process start (${fixed(BLOCK_MS + start, 0)} ms)`,
        measured: `${fixed(first?.ms ?? NaN, 0)} ms`,
        verdict: verdict(first?.ms ?? NaN, BLOCK_MS + start),
      },
      {
        goal: "later bursts ≤ 260 ms (max)",
        measured: `${fixed(laterMax, 0)} ms`,
        verdict: verdict(laterMax, 260),
      },
      {
        goal: `probe processes after the bursts = ${SESSIONS}`,
        measured: String(probes),
        verdict: probes === SESSIONS ? "met" : "not met",
      },
    ]),
  );
}
