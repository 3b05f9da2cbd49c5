/**
 * Section "attach": how fast a new session is answered, and what an idle
 * one weighs, each next to the runtime's floor measured in the same run.
 *   1. spawn `<binary> stdio` → its `initialize` answer, through a shim to
 *      a warm daemon, interleaved with spawn → exit of a compiled Bun
 *      hello-world (the least any Bun executable takes), same count each;
 *   2. idle PSS of N shims on that daemon vs N idle Bun stdin readers.
 * The daemon is started (and its server warmed) by a first, cold, session.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { buildBinary } from "../scripts/build.ts";
import { servers, tempDir, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";
import { buildBunProgram, removeBunProgram } from "./bun-programs.ts";
import { stopShimDaemon } from "./daemons.ts";
import { IDLE_MS, idleBunFloor, idleShims } from "./shim-memory.ts";
import { timeToExit, timeToInitialize } from "./spawn-timing.ts";
import {
  ascending,
  fixed,
  goalsTable,
  median,
  percentile,
  table,
  times,
  verdict,
} from "./stats.ts";

const RUNS = 30;
const IDLE_SHIMS = 20;
export async function attachBench(binary: string, runs = RUNS): Promise<void> {
  const hello = buildBunProgram("hello");
  const reader = buildBunProgram("stdin");
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const config = writeConfig({ servers: { everything: servers.everything() } });
  try {
    const attach = () => timeToInitialize(binary, ["stdio", "--config", config], { env });
    const cold = await attach();
    await timeToExit(hello, env); // its first run reads the file from disk
    const shim: number[] = [];
    const floor: number[] = [];
    const floorOut: number[] = [];
    for (let i = 0; i < runs; i++) {
      shim.push(await attach());
      const run = await timeToExit(hello, env);
      floor.push(run.exit);
      floorOut.push(run.out);
    }
    const shims = await idleShims(binary, config, env, marker, IDLE_SHIMS);
    const bun = await idleBunFloor(reader, env, IDLE_SHIMS);
    reportAttach(ascending(shim), ascending(floor), ascending(floorOut), cold, runs);
    reportMemory(shims.pssKb, bun.pssKb);
  } finally {
    stopShimDaemon(binary, config, env);
    killAll(marker);
    removeBunProgram(hello);
    removeBunProgram(reader);
  }
}

function reportAttach(
  shim: number[],
  floor: number[],
  floorOut: number[],
  cold: number,
  runs: number,
): void {
  const row = (label: string, t: number[]) => [
    label,
    fixed(median(t), 1),
    fixed(percentile(t, 90), 1),
    fixed(t[t.length - 1] ?? NaN, 1),
    times(median(t), median(floor)),
  ];
  console.log(`\nattach: ${runs} runs each, interleaved, process start included, ms:\n`);
  console.log(
    table(
      ["what", "median", "p90", "max", "vs Bun hello"],
      [
        row("shim spawn → `initialize` answer, warm daemon", shim),
        row("compiled Bun hello-world spawn → exit (the floor)", floor),
        row("compiled Bun hello-world spawn → its output (for reference)", floorOut),
        [
          "shim spawn → `initialize` answer, cold (first shim starts the daemon)",
          fixed(cold, 1),
          "",
          "",
          "",
        ],
      ],
    ),
  );
  console.log("");
  console.log(
    goalsTable([
      {
        goal: "warm attach median ≤ 1.3x Bun hello-world",
        measured: times(median(shim), median(floor)),
        verdict: verdict(median(shim) / median(floor), 1.3),
      },
    ]),
  );
}

function reportMemory(shimKb: number[], bunKb: number[]): void {
  const mb = (kb: number) => fixed(kb / 1024, 2);
  const row = (label: string, kb: number[]) => [
    label,
    String(kb.length),
    mb(median(kb)),
    mb(Math.min(...kb)),
    mb(Math.max(...kb)),
  ];
  console.log(
    `\nidle PSS per process, ${IDLE_SHIMS} at once, after ${IDLE_MS / 1000} s idle, MB:\n`,
  );
  console.log(
    table(
      ["process", "count", "median", "min", "max"],
      [
        row("shim attached to a warm daemon (initialized, idle)", shimKb),
        row("compiled Bun program that only reads stdin (the floor)", bunKb),
      ],
    ),
  );
  console.log("");
  console.log(
    goalsTable([
      {
        goal: "median idle shim PSS ≤ 6 MB",
        measured: `${mb(median(shimKb))} MB (floor ${mb(median(bunKb))} MB)`,
        verdict: shimKb.length === 0 ? "not measured" : verdict(median(shimKb) / 1024, 6),
      },
    ]),
  );
}

export function buildTempBinary(): string {
  const binary = join(tempDir("mcpmux-bench-"), "mcpmux");
  buildBinary(binary);
  return binary;
}
