/**
 * Part of section "attach": what an idle session costs in memory. N shims
 * attached to one warm daemon (initialized, then left idle), each one's PSS
 * from /proc/PID/smaps_rollup, next to N copies of a compiled Bun program
 * that only reads stdin: the floor of the runtime a shim is built on. Both
 * are N copies of one executable, so shared pages divide alike (the shims'
 * with the daemon too, which runs the same binary: N+1 ways, a little in
 * the shims' favour).
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Client } from "@modelcontextprotocol/client";
import { processesWithMarker } from "../test/helpers/proc.ts";
import { rollup } from "./memory.ts";
import { closeAll, connectMany, shimTransport } from "./sessions.ts";
import { median } from "./stats.ts";

export const IDLE_MS = 1500;

const idle = () => new Promise((r) => setTimeout(r, IDLE_MS));

export interface IdlePss {
  /** PSS of each process, kB. */
  pssKb: number[];
  medianKb: number;
}

function pssOf(pids: number[]): IdlePss {
  const pssKb = pids.map((pid) => rollup(pid).pss);
  return { pssKb, medianKb: median(pssKb) };
}

/** `n` shims to the daemon of `config` (already warm), idle, then measured. The caller kills by marker. */
export async function idleShims(
  binary: string,
  config: string,
  env: Record<string, string>,
  marker: string,
  n: number,
): Promise<IdlePss> {
  let clients: Client[] = [];
  try {
    clients = await connectMany(n, "idle", () => shimTransport(binary, config, env));
    await idle();
    const shims = processesWithMarker(marker).filter((p) => p.cmdline.includes(" stdio --config"));
    return pssOf(shims.map((p) => p.pid));
  } finally {
    await closeAll(clients);
  }
}

/** `n` copies of the Bun stdin reader, idle, then measured and stopped. */
export async function idleBunFloor(
  program: string,
  env: Record<string, string>,
  n: number,
): Promise<IdlePss> {
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < n; i++)
      children.push(spawn(program, [], { env, stdio: ["pipe", "ignore", "ignore"] }));
    await idle();
    return pssOf(children.flatMap((c) => (c.pid === undefined ? [] : [c.pid])));
  } finally {
    for (const child of children) {
      child.stdin?.end();
      child.kill("SIGKILL");
    }
  }
}
