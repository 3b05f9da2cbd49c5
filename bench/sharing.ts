/**
 * Part of `npm run bench`: N client sessions
 * (default 20) using 3 real servers (server-everything, server-memory,
 * server-filesystem), three ways, measured in the same run:
 *   direct  - each session spawns its own servers (what Claude does today);
 *   shims   - each session is `dist/mcpmux stdio`, a shim to one daemon;
 *   http    - each session talks to the daemon's HTTP endpoint, no shims.
 * Reports processes and total RSS/PSS of the whole process tree (shims,
 * daemon, servers), and the ratios to direct.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { servers, single, tempDir, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";
import { usageOf, type Usage } from "./memory.ts";

const SETTLE_MS = 1500;

/** One instance per server (pool.max 1): this measures sharing, not the pool growing under load. */
function serverSet() {
  const files = tempDir("mcpmux-bench-fs-");
  return {
    everything: single(servers.everything()),
    memory: single(servers.memory(join(files, "memory.jsonl"))),
    filesystem: single(servers.filesystem(files)),
  };
}

async function exercise(clients: Client[], tool: string): Promise<void> {
  await Promise.all(
    clients.map((c, i) => c.callTool({ name: tool, arguments: { message: `s${i}` } })),
  );
}

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

async function direct(N: number): Promise<Usage> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const clients: Client[] = [];
  try {
    for (let i = 0; i < N; i++) {
      for (const [name, s] of Object.entries(serverSet())) {
        const client = new Client({ name: `direct-${i}-${name}`, version: "1" });
        await client.connect(
          new StdioClientTransport({
            command: s.command,
            args: s.args,
            env: { ...env, ...("env" in s ? s.env : {}) },
            stderr: "ignore",
          }),
        );
        clients.push(client);
      }
    }
    await exercise(
      clients.filter((_, i) => i % 3 === 0),
      "echo",
    );
    await settle();
    return usageOf(marker);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    killAll(marker);
  }
}

async function viaShims(binary: string, N: number): Promise<{ all: Usage; shims: Usage }> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const config = writeConfig({ servers: serverSet() });
  const clients: Client[] = [];
  try {
    for (let i = 0; i < N; i++) {
      const client = new Client({ name: `shim-${i}`, version: "1" });
      await client.connect(
        new StdioClientTransport({
          command: binary,
          args: ["stdio", "--config", config],
          env,
          stderr: "ignore",
        }),
      );
      clients.push(client);
    }
    await exercise(clients, "everything__echo");
    await settle();
    return {
      all: usageOf(marker),
      shims: usageOf(marker, (p) => / stdio --config /.test(p.cmdline)),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    execFileSync(binary, ["stop", "--config", config], { env, stdio: "ignore" });
    killAll(marker);
  }
}

async function viaHttp(binary: string, N: number): Promise<Usage> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const config = writeConfig({ servers: serverSet(), http: { host: "127.0.0.1", port } });
  const daemon = spawn(binary, ["daemon", "--config", config], {
    env,
    stdio: "ignore",
    detached: true,
  });
  const clients: Client[] = [];
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (let i = 0; i < N; i++) {
      const client = new Client({ name: `http-${i}`, version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)),
      );
      clients.push(client);
    }
    await exercise(clients, "everything__echo");
    await settle();
    return usageOf(marker);
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    if (daemon.pid !== undefined) process.kill(-daemon.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    killAll(marker);
  }
}

const mb = (kb: number) => (kb / 1024).toFixed(1);

export async function sharingBench(binary: string, N: number): Promise<void> {
  const d = await direct(N);
  const s = await viaShims(binary, N);
  const h = await viaHttp(binary, N);
  console.log(
    `\n${N} sessions x 3 servers (server-everything, server-memory, server-filesystem), whole process trees:\n`,
  );
  console.log(
    "| setup | processes | RSS MB | PSS MB | PSS vs direct |\n| --- | --- | --- | --- | --- |",
  );
  console.log(
    `| direct (each session spawns its servers) | ${d.processes} | ${mb(d.rssKb)} | ${mb(d.pssKb)} | 100% |`,
  );
  console.log(
    `| mcpmux, ${N} shims + daemon | ${s.all.processes} | ${mb(s.all.rssKb)} | ${mb(s.all.pssKb)} | ${((s.all.pssKb / d.pssKb) * 100).toFixed(0)}% |`,
  );
  console.log(
    `| mcpmux daemon over HTTP, no shims | ${h.processes} | ${mb(h.rssKb)} | ${mb(h.pssKb)} | ${((h.pssKb / d.pssKb) * 100).toFixed(0)}% |`,
  );
  console.log(
    `\nper shim: ${mb(s.shims.pssKb / Math.max(1, s.shims.processes))} MB PSS, ${mb(s.shims.rssKb / Math.max(1, s.shims.processes))} MB RSS (${s.shims.processes} shims)`,
  );
}
