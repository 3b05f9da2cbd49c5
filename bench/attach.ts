/**
 * How fast a new session gets its `initialize` answered through a shim to a
 * warm daemon: spawn `dist/mcpmux stdio`, send initialize, time the answer.
 * The daemon is started (and its servers warmed) by a first session.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildBinary } from "../scripts/build.ts";
import { servers, tempDir, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";

const INIT = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "1" } } })}\n`;

function initializeOnce(
  binary: string,
  config: string,
  env: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(binary, ["stdio", "--config", config], {
      env,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("no initialize answer within 30 s"));
    }, 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (!chunk.toString().includes('"id":1')) return;
      const elapsed = performance.now() - started;
      clearTimeout(timer);
      child.stdin.end();
      child.once("exit", () => resolve(elapsed));
    });
    child.stdin.write(INIT);
  });
}

export async function attachBench(binary: string, runs = 20): Promise<void> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const config = writeConfig({ servers: { everything: servers.everything() } });
  try {
    const cold = await initializeOnce(binary, config, env);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await initializeOnce(binary, config, env));
    times.sort((a, b) => a - b);
    const p = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN).toFixed(1);
    console.log(`\ninitialize through a new shim (process start included), ${runs} runs, ms:\n`);
    console.log("| daemon | p50 | p90 | max |\n| --- | --- | --- | --- |");
    console.log(
      `| warm | ${p(0.5)} | ${p(0.9)} | ${(times[times.length - 1] ?? NaN).toFixed(1)} |`,
    );
    console.log(`| cold (first shim starts the daemon) | ${cold.toFixed(1)} | | |`);
  } finally {
    try {
      execFileSync(binary, ["stop", "--config", config], { env, stdio: "ignore", timeout: 20_000 });
    } catch {
      // already gone
    }
    killAll(marker);
  }
}

export function buildTempBinary(): string {
  const binary = join(tempDir("mcpmux-bench-"), "mcpmux");
  buildBinary(binary);
  return binary;
}
