/**
 * `npm run bench`: what mcpmux costs, every figure next to a direct
 * connection (or the runtime's floor) measured in the same run, printed as
 * Markdown tables, each section with the goals marked met / not met.
 * The binary is built fresh (scripts/build.ts) into a temp dir each run,
 * deleted at the end.
 * Sections, in order (`--only NAME` runs one):
 *   overhead    latency of sequential calls: direct, `stdio --standalone`,
 *               shim to a warm daemon, Streamable HTTP (SDK client and a
 *               lean node:http one); p50/p90/p99 (latency.ts)
 *   attach      shim spawn → initialize vs a Bun hello-world; idle PSS per
 *               shim vs a Bun stdin reader (attach.ts, shim-memory.ts)
 *   throughput  1/8/32 sessions: calls/s and CPU µs per call per hop from
 *               /proc, direct vs shims vs HTTP, default pool (throughput.ts)
 *   blocking    4 sessions calling a 200 ms blocking tool at once, 5 bursts,
 *               vs one probe start and 4 direct processes (blocking.ts)
 *   sharing     N sessions x 3 real servers: server processes and PSS,
 *               direct vs shims vs HTTP, default config (sharing.ts)
 *   reload      plugin hot reload: save to new code, latency during reloads
 *   hot-hook    hot-hook's in-process reload, a one-off comparison (only with --only)
 * Options: --calls N (overhead, default 500), --warmup N (overhead, default 50),
 * --sessions N (sharing, default 20), --only NAME. The whole run takes about
 * 4 minutes on 2 cores. Every process a section starts carries a marker in
 * its environment and is killed by pid at the section's end.
 */
import { rmSync } from "node:fs";
import { cpus } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { attachBench, buildTempBinary } from "./attach.ts";
import { blockingBench } from "./blocking.ts";
import { latencyBench } from "./latency.ts";
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

const SECTIONS: Record<string, (binary: string) => Promise<void>> = {
  overhead: (binary) =>
    latencyBench(binary, { calls: Number(values.calls), warmup: Number(values.warmup) }),
  attach: (binary) => attachBench(binary),
  throughput: (binary) => throughputBench(binary),
  blocking: (binary) => blockingBench(binary),
  sharing: (binary) => sharingBench(binary, Number(values.sessions)),
  reload: (binary) => reloadBench(binary),
};

const only = values.only;
if (only === "hot-hook") {
  await (await import("./hot-hook.ts")).hotHookBench();
} else {
  if (only !== undefined && SECTIONS[only] === undefined) {
    console.error(
      `--only: expected one of ${[...Object.keys(SECTIONS), "hot-hook"].join(", ")}, got "${only}"`,
    );
    process.exit(2);
  }
  const binary = buildTempBinary();
  console.log(`mcpmux bench: binary ${binary}, Node ${process.version}, ${cpus().length} CPUs`);
  try {
    for (const [name, run] of Object.entries(SECTIONS))
      if (only === undefined || only === name) await run(binary);
  } finally {
    rmSync(dirname(binary), { recursive: true, force: true }); // ~100 MB a run
  }
}
