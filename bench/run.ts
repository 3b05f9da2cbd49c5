/**
 * `npm run bench`: what mcpmux adds to a call, measured against a direct
 * connection to the same server in the same run. Sequential tools/call
 * round trips over stdio (an SDK client on each side), after a warm-up;
 * reports p50/p90/p99 and the ratio through-mcpmux / direct.
 * Then: initialize through a new shim to a warm daemon, and the sharing
 * benchmark (memory and processes of N sessions, direct vs mcpmux).
 * Then: plugin hot reload (save to new code, call latency during reloads).
 * Options: --calls N (default 500), --warmup N (default 50), --sessions N (default 20),
 * --only NAME to run one section: overhead, attach, throughput, sharing, reload,
 * or hot-hook (hot-hook's in-process reload, a one-off comparison: only with --only).
 */
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { stdioTransport } from "../test/helpers/mux.ts";
import { ROOT, servers } from "../test/helpers/paths.ts";
import { attachBench, buildTempBinary } from "./attach.ts";
import { reloadBench } from "./reload.ts";
import { sharingBench } from "./sharing.ts";
import { throughputBench } from "./throughput.ts";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "500" },
    warmup: { type: "string", default: "50" },
    sessions: { type: "string", default: "20" },
    only: { type: "string" },
  },
});
const SECTIONS = ["overhead", "attach", "throughput", "sharing", "reload", "hot-hook"];
const only = values.only;
if (only !== undefined && !SECTIONS.includes(only)) {
  console.error(`--only: expected one of ${SECTIONS.join(", ")}, got "${only}"`);
  process.exit(2);
}
const calls = Number(values.calls);
const warmup = Number(values.warmup);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ROUNDS = 10;

async function timeCalls(client: Client, tool: string, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await client.callTool({ name: tool, arguments: {} });
    into.push(performance.now() - started);
  }
}

/** Direct and mcpmux calls in alternating rounds, so drift on a busy machine hits both alike. */
async function measure(direct: Client, viaMux: Client): Promise<{ d: number[]; m: number[] }> {
  await timeCalls(direct, "whoami", warmup, []);
  await timeCalls(viaMux, "probe__whoami", warmup, []);
  const d: number[] = [];
  const m: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await timeCalls(direct, "whoami", Math.ceil(calls / ROUNDS), d);
    await timeCalls(viaMux, "probe__whoami", Math.ceil(calls / ROUNDS), m);
  }
  return { d: d.sort((a, b) => a - b), m: m.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const probe = servers.probe();
  const direct = new Client({ name: "bench-direct", version: "1" });
  await direct.connect(
    new StdioClientTransport({
      command: probe.command,
      args: probe.args,
      cwd: ROOT,
      stderr: "ignore",
    }),
  );
  const viaMux = new Client({ name: "bench-mux", version: "1" });
  await viaMux.connect(stdioTransport({ servers: { probe } }));
  try {
    const { d, m } = await measure(direct, viaMux);
    const row = (label: string, t: number[]) =>
      `| ${label} | ${percentile(t, 50).toFixed(3)} | ${percentile(t, 90).toFixed(3)} | ${percentile(t, 99).toFixed(3)} |`;
    const ratio = (p: number) => (percentile(m, p) / percentile(d, p)).toFixed(2);
    console.log(
      `tools/call round trip over stdio, ${calls} sequential calls each (in ${ROUNDS} alternating rounds) after ${warmup} warm-up, ms:\n`,
    );
    console.log("| path | p50 | p90 | p99 |\n| --- | --- | --- | --- |");
    console.log(row("direct", d));
    console.log(row("through mcpmux", m));
    console.log(`| ratio | ${ratio(50)}x | ${ratio(90)}x | ${ratio(99)}x |`);
    const added = percentile(m, 50) - percentile(d, 50);
    console.log(
      `\nadded at p50: ${added.toFixed(3)} ms (${((added / percentile(d, 50)) * 100).toFixed(0)}% of a direct round trip)`,
    );
  } finally {
    await direct.close();
    await viaMux.close();
  }
}

if (only === undefined) {
  await main();
  const binary = buildTempBinary();
  await attachBench(binary);
  await throughputBench(binary);
  await sharingBench(binary, Number(values.sessions));
  await reloadBench(binary);
} else if (only === "overhead") await main();
else if (only === "hot-hook") await (await import("./hot-hook.ts")).hotHookBench();
else {
  const binary = buildTempBinary();
  if (only === "attach") await attachBench(binary);
  else if (only === "throughput") await throughputBench(binary);
  else if (only === "sharing") await sharingBench(binary, Number(values.sessions));
  else await reloadBench(binary);
}
