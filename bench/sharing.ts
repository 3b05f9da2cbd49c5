/**
 * Section "sharing": N client sessions (default 20) each using 3 real
 * servers (server-everything, server-memory, server-filesystem), three ways,
 * measured in the same run:
 *   direct - each session spawns its own servers (what clients do today);
 *   shims  - each session is `<binary> stdio`, a shim to one daemon;
 *   http   - each session talks to the daemon's Streamable HTTP endpoint.
 * mcpmux runs the DEFAULT config (no pool settings). Every session makes
 * quick calls to all three servers at about the same moment, a few rounds;
 * fast calls should all be served by one process per server. Reports the
 * processes and RSS/PSS of the whole tree (shims, daemon, servers) and the
 * ratios to direct.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { servers, tempDir, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll, processesWithMarker } from "../test/helpers/proc.ts";
import { roleOf } from "./cpu.ts";
import { startHttpDaemon, stopShimDaemon } from "./daemons.ts";
import { usageOf, type Usage } from "./memory.ts";
import {
  closeAll,
  connect,
  connectMany,
  directTransport,
  httpTransport,
  shimTransport,
} from "./sessions.ts";
import { fixed, goalsTable, median, table, verdict } from "./stats.ts";

const ROUNDS = 3;
const SETTLE_MS = 1500;

/** Each server, and a fast tool of it (names as in node_modules/@modelcontextprotocol/server-*). */
const TOOLS = {
  everything: { name: "echo", arguments: { message: "hi" } },
  memory: { name: "read_graph", arguments: {} },
  filesystem: { name: "list_allowed_directories", arguments: {} },
} as const;
type ServerName = keyof typeof TOOLS;
const NAMES = Object.keys(TOOLS) as ServerName[];

function serverSet() {
  const files = tempDir("mcpmux-bench-fs-");
  return {
    everything: servers.everything(),
    memory: servers.memory(join(files, "memory.jsonl")),
    filesystem: servers.filesystem(files),
  };
}

/** One call: a client, and the name it knows the tool by. */
interface Call {
  client: Client;
  server: ServerName;
  tool: string;
}

/** ROUNDS times, every session calls every server at once; the wall time of each round. */
async function exercise(calls: Call[]): Promise<number[]> {
  const rounds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await Promise.all(
      calls.map((c) => c.client.callTool({ name: c.tool, arguments: TOOLS[c.server].arguments })),
    );
    rounds.push(performance.now() - started);
  }
  return rounds;
}

/** Every session's three calls through one mcpmux client (tools prefixed by server). */
const viaMux = (clients: Client[]): Call[] =>
  clients.flatMap((client) =>
    NAMES.map((server) => ({ client, server, tool: `${server}__${TOOLS[server].name}` })),
  );

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

interface Measured {
  all: Usage;
  servers: number;
  /** Server processes of each server (by its package name in the command line). */
  perServer: Record<ServerName, number>;
  shims: Usage;
  daemon: Usage;
  roundsMs: number[];
}

async function measured(marker: string, calls: Call[]): Promise<Measured> {
  const roundsMs = await exercise(calls);
  await settle();
  const count = (name: ServerName) =>
    processesWithMarker(marker).filter((p) => p.cmdline.includes(`/server-${name}/`)).length;
  return {
    all: usageOf(marker),
    servers: usageOf(marker, (p) => roleOf(p.cmdline) === "servers").processes,
    perServer: {
      everything: count("everything"),
      memory: count("memory"),
      filesystem: count("filesystem"),
    },
    shims: usageOf(marker, (p) => roleOf(p.cmdline) === "shims"),
    daemon: usageOf(marker, (p) => roleOf(p.cmdline) === "daemon"),
    roundsMs,
  };
}

async function direct(N: number): Promise<Measured> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const clients: Client[] = [];
  try {
    const calls: Call[] = [];
    for (let i = 0; i < N; i++) {
      const set = serverSet();
      for (const server of NAMES) {
        const client = await connect(`direct-${i}-${server}`, directTransport(set[server], env));
        clients.push(client);
        calls.push({ client, server, tool: TOOLS[server].name });
      }
    }
    return await measured(marker, calls);
  } finally {
    await closeAll(clients);
    killAll(marker);
  }
}

async function shims(binary: string, N: number): Promise<Measured> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const config = writeConfig({ servers: serverSet() });
  let clients: Client[] = [];
  try {
    clients = await connectMany(N, "shim", () => shimTransport(binary, config, env));
    return await measured(marker, viaMux(clients));
  } finally {
    await closeAll(clients);
    stopShimDaemon(binary, config, env);
    killAll(marker);
  }
}

async function http(binary: string, N: number): Promise<Measured> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  let clients: Client[] = [];
  let stop = async (): Promise<void> => undefined;
  try {
    const daemon = await startHttpDaemon(binary, serverSet(), env);
    stop = daemon.stop;
    clients = await connectMany(N, "http", () => httpTransport(daemon.url));
    return await measured(marker, viaMux(clients));
  } finally {
    await closeAll(clients);
    await stop();
    killAll(marker);
  }
}

const mb = (kb: number) => fixed(kb / 1024, 1);
const share = (m: Measured, d: Measured) => m.all.pssKb / d.all.pssKb;

export async function sharingBench(binary: string, N: number): Promise<void> {
  const d = await direct(N);
  const s = await shims(binary, N);
  const h = await http(binary, N);
  console.log(
    `\nsharing: ${N} sessions x 3 servers (server-everything, server-memory, server-filesystem), each session calling all three at once (${NAMES.map((n) => TOOLS[n].name).join(", ")}), ${ROUNDS} rounds, then ${SETTLE_MS} ms idle; whole process trees (mcpmux: default config):\n`,
  );
  const row = (label: string, m: Measured) => [
    label,
    String(m.all.processes),
    `${m.servers} (${NAMES.map((n) => m.perServer[n]).join(" + ")})`,
    mb(m.all.rssKb),
    mb(m.all.pssKb),
    `${fixed(share(m, d) * 100, 1)}%`,
    m.roundsMs.map((ms) => fixed(ms, 0)).join(", "),
  ];
  console.log(
    table(
      [
        "setup",
        "processes",
        `server processes (${NAMES.join(" + ")})`,
        "RSS MB",
        "PSS MB",
        "PSS vs direct",
        `call rounds, ms (${N * 3} calls each)`,
      ],
      [
        row("direct (each session spawns its servers)", d),
        row(`mcpmux, ${N} shims + daemon`, s),
        row("mcpmux daemon over Streamable HTTP, no shims", h),
      ],
    ),
  );
  const perShim = s.shims.pssKb / Math.max(1, s.shims.processes);
  console.log(
    "\nprocesses: shims, the daemon and its watchdog (a shell loop that stops the servers if the daemon dies), servers.",
  );
  console.log(
    `per shim: ${mb(perShim)} MB PSS, ${mb(s.shims.rssKb / Math.max(1, s.shims.processes))} MB RSS (${s.shims.processes} shims; median round ${fixed(median(s.roundsMs), 0)} ms)`,
  );
  console.log(
    `daemon (with its watchdog): ${mb(s.daemon.pssKb)} MB PSS behind the shims, ${mb(h.daemon.pssKb)} MB PSS serving HTTP\n`,
  );
  console.log(
    goalsTable([
      {
        goal: "shims: exactly 3 server processes (calls are fast)",
        measured: String(s.servers),
        verdict: s.servers === 3 ? "met" : "not met",
      },
      {
        goal: "HTTP: exactly 3 server processes (calls are fast)",
        measured: String(h.servers),
        verdict: h.servers === 3 ? "met" : "not met",
      },
      {
        goal: "shims: whole-tree PSS ≤ 20% of direct",
        measured: `${fixed(share(s, d) * 100, 1)}%`,
        verdict: verdict(share(s, d), 0.2),
      },
      {
        goal: "HTTP: whole-tree PSS ≤ 10% of direct",
        measured: `${fixed(share(h, d) * 100, 1)}%`,
        verdict: verdict(share(h, d), 0.1),
      },
    ]),
  );
}
