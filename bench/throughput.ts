/**
 * Part of `npm run bench`: calls per second with 1, 8 and 32 concurrent
 * sessions, each calling as fast as it can, direct (every session with its
 * own server process, as Claude does today) vs through mcpmux (every session
 * a `dist/mcpmux stdio` shim to one daemon whose pool grows to 4). Then the
 * blocking test: 4 sessions calling a 200 ms tool that blocks its process.
 */
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { servers, tempDir, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";

const CALLS_PER_SESSION = 200;
const WARMUP_CALLS = 100;

async function connect(
  n: number,
  transport: (i: number) => StdioClientTransport,
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i++) {
    const client = new Client({ name: `bench-${i}`, version: "1" });
    await client.connect(transport(i));
    clients.push(client);
  }
  return clients;
}

/** Every client calls `tool` `calls` times back to back; returns the wall time in ms. */
async function hammer(
  clients: Client[],
  tool: string,
  args: Record<string, unknown>,
  calls: number,
): Promise<number> {
  // Warm up under the same load: direct processes are all started before timing,
  // so the pool too gets to grow to what this load needs.
  const warmup = calls > 1 ? WARMUP_CALLS : 1;
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < warmup; i++) await c.callTool({ name: tool, arguments: args });
    }),
  );
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < calls; i++) await c.callTool({ name: tool, arguments: args });
    }),
  );
  return performance.now() - started;
}

async function measure(
  binary: string,
  sessions: number,
  tool: { name: string; args: Record<string, unknown>; calls: number },
  pool: object,
) {
  const probe = servers.probe();
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const direct = await connect(
    sessions,
    () =>
      new StdioClientTransport({ command: probe.command, args: probe.args, env, stderr: "ignore" }),
  );
  let directMs: number;
  try {
    directMs = await hammer(direct, tool.name, tool.args, tool.calls);
  } finally {
    await Promise.all(direct.map((c) => c.close()));
  }
  const config = writeConfig({ servers: { probe: { ...probe, pool } } });
  const viaMux = await connect(
    sessions,
    () =>
      new StdioClientTransport({
        command: binary,
        args: ["stdio", "--config", config],
        env,
        stderr: "ignore",
      }),
  );
  let muxMs: number;
  try {
    muxMs = await hammer(viaMux, `probe__${tool.name}`, tool.args, tool.calls);
  } finally {
    await Promise.all(viaMux.map((c) => c.close()));
    try {
      execFileSync(binary, ["stop", "--config", config], { env, stdio: "ignore", timeout: 20_000 });
    } catch {
      // already stopped
    }
    killAll(marker);
  }
  return { directMs, muxMs };
}

export async function throughputBench(binary: string): Promise<void> {
  console.log(
    `\nthroughput: each session makes ${CALLS_PER_SESSION} sequential tools/call (whoami) after ${WARMUP_CALLS} warm-up calls, calls/s:\n`,
  );
  console.log(
    "| sessions | direct | through mcpmux (shims, pool max 4) | ratio |\n| --- | --- | --- | --- |",
  );
  for (const sessions of [1, 8, 32]) {
    const { directMs, muxMs } = await measure(
      binary,
      sessions,
      { name: "whoami", args: {}, calls: CALLS_PER_SESSION },
      { max: 4 },
    );
    const rate = (ms: number) => (sessions * CALLS_PER_SESSION * 1000) / ms;
    console.log(
      `| ${sessions} | ${rate(directMs).toFixed(0)} | ${rate(muxMs).toFixed(0)} | ${(rate(muxMs) / rate(directMs)).toFixed(2)}x |`,
    );
  }
  console.log(
    "\nblocking: 4 sessions at once each call a tool that blocks its process for 200 ms, wall time ms:\n",
  );
  console.log("| setup | wall ms |\n| --- | --- |");
  const block = { name: "block", args: { ms: 200 }, calls: 1 };
  const wide = await measure(binary, 4, block, { max: 4, idleTimeout: 600_000 });
  const narrow = await measure(binary, 4, block, { max: 1 });
  console.log(`| direct (4 processes) | ${wide.directMs.toFixed(0)} |`);
  console.log(
    `| mcpmux, pool max 4 (instances warmed by the first call) | ${wide.muxMs.toFixed(0)} |`,
  );
  console.log(`| mcpmux, pool max 1 (calls queue) | ${narrow.muxMs.toFixed(0)} |`);
}
