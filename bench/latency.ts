/**
 * Section "overhead": what mcpmux adds to one call. Sequential tools/call
 * round trips of the probe's `whoami`, after a warm-up, four ways to the
 * same kind of server measured in the same run:
 *   direct      - an SDK stdio client straight to the probe server;
 *   standalone  - `<binary> stdio --standalone` (the compiled binary serving in-process);
 *   shim        - `<binary> stdio`, a shim to a warm daemon (its own runtime dir);
 *   http        - Streamable HTTP to `<binary> daemon` listening on 127.0.0.1,
 *                 with the SDK's client and with a lean one (lean-http.ts).
 * The paths take turns in rounds, so drift on a busy machine hits all alike.
 */
import { randomUUID } from "node:crypto";
import { servers, writeConfig } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";
import { startHttpDaemon, stopShimDaemon, type HttpDaemon } from "./daemons.ts";
import { LeanHttpSession } from "./lean-http.ts";
import {
  connect,
  directTransport,
  httpTransport,
  leanCaller,
  sdkCaller,
  shimTransport,
  type Caller,
} from "./sessions.ts";
import { ascending, fixed, goalsTable, percentile, table, times, verdict } from "./stats.ts";

const ROUNDS = 10;

interface Path {
  label: string;
  caller: Caller;
  ms: number[];
}

async function timeCalls(caller: Caller, n: number, into: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await caller.call();
    into.push(performance.now() - started);
  }
}

export async function latencyBench(
  binary: string,
  options: { calls: number; warmup: number },
): Promise<void> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const probe = servers.probe();
  const config = writeConfig({ servers: { probe } });
  const paths: Path[] = [];
  let http: HttpDaemon | undefined;
  try {
    const add = async (label: string, caller: Promise<Caller>) =>
      paths.push({ label, caller: await caller, ms: [] });
    const sdk = async (transport: Parameters<typeof connect>[1], tool: string) =>
      sdkCaller(await connect("bench", transport), tool);
    http = await startHttpDaemon(binary, { probe }, env);
    await add("direct (SDK stdio client to the probe)", sdk(directTransport(probe, env), "whoami"));
    await add(
      "`mcpmux stdio --standalone` (binary)",
      sdk(shimTransport(binary, config, env, true), "probe__whoami"),
    );
    await add(
      "shim (`mcpmux stdio`) to a warm daemon",
      sdk(shimTransport(binary, config, env), "probe__whoami"),
    );
    await add(
      "Streamable HTTP to the daemon, SDK client (Node 20 fetch)",
      sdk(httpTransport(http.url), "probe__whoami"),
    );
    await add(
      "Streamable HTTP to the daemon, lean client (node:http keep-alive)",
      LeanHttpSession.open(http.url).then((s) => leanCaller(s, "probe__whoami")),
    );
    for (const path of paths) await timeCalls(path.caller, options.warmup, []);
    const perRound = Math.ceil(options.calls / ROUNDS);
    for (let round = 0; round < ROUNDS; round++)
      for (const path of paths) await timeCalls(path.caller, perRound, path.ms);
    report(paths, perRound * ROUNDS, options.warmup);
  } finally {
    await Promise.all(paths.map((p) => p.caller.close()));
    await http?.stop();
    stopShimDaemon(binary, config, env);
    killAll(marker);
  }
}

function report(paths: Path[], calls: number, warmup: number): void {
  const sorted = paths.map((p) => ({ label: p.label, ms: ascending(p.ms) }));
  const [direct, standalone, shim, http, lean] = sorted;
  if (!direct || !standalone || !shim || !http || !lean) return;
  const p = (t: { ms: number[] }, q: number) => percentile(t.ms, q);
  console.log(
    `\nlatency: tools/call round trip (probe's whoami), ${calls} sequential calls per path in ${ROUNDS} alternating rounds after ${warmup} warm-up calls, ms:\n`,
  );
  console.log(
    table(
      [
        "path",
        "p50",
        "p90",
        "p99",
        "p50 vs direct",
        "p90 vs direct",
        "p99 vs direct",
        "added at p50",
      ],
      sorted.map((t) => [
        t.label,
        fixed(p(t, 50), 3),
        fixed(p(t, 90), 3),
        fixed(p(t, 99), 3),
        times(p(t, 50), p(direct, 50)),
        times(p(t, 90), p(direct, 90)),
        times(p(t, 99), p(direct, 99)),
        fixed(p(t, 50) - p(direct, 50), 3),
      ]),
    ),
  );
  const goal = (text: string, t: { ms: number[] }, q: number, limit: number) => ({
    goal: text,
    measured: times(p(t, q), p(direct, q)),
    verdict: verdict(p(t, q) / p(direct, q), limit),
  });
  console.log("");
  console.log(
    goalsTable([
      goal("standalone p50 ≤ 1.5x direct", standalone, 50, 1.5),
      goal("shim p50 ≤ 2x direct", shim, 50, 2),
      goal("standalone p99 ≤ 1.3x direct", standalone, 99, 1.3),
      goal("shim p99 ≤ 1.3x direct", shim, 99, 1.3),
      goal("HTTP p50 ≤ 3x direct (SDK client)", http, 50, 3),
      goal("HTTP p50 ≤ 3x direct (lean client)", lean, 50, 3),
    ]),
  );
}
