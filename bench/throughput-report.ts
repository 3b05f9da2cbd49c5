/**
 * The tables of section "throughput": calls/s against direct, CPU µs per
 * call by hop, and the goals. The CPU goal compares the whole tree
 * plus the client (this bench process) with direct's servers plus client:
 * the same client work is in both, so what is left is what mcpmux adds.
 */
import { ROLES, type CpuUse, type Role } from "./cpu.ts";
import { fixed, goalsTable, table, times, verdict, type Goal } from "./stats.ts";

export const PATHS = ["direct", "shims", "http", "http-lean"] as const;
export type PathName = (typeof PATHS)[number];
const MUX_PATHS = ["shims", "http", "http-lean"] as const;

const LABELS: Record<PathName, string> = {
  direct: "direct",
  shims: "shims",
  http: "HTTP (SDK client)",
  "http-lean": "HTTP (lean client)",
};

export interface Run {
  calls: number;
  wallMs: number;
  use: CpuUse;
  clientUs: number;
  /** Server processes at the end of the timed phase. */
  servers: number;
}

type Results = ReadonlyArray<{ sessions: number; runs: Record<PathName, Run> }>;

const rate = (r: Run) => (r.calls * 1000) / r.wallMs;
const perCall = (us: number, r: Run) => us / r.calls;
const tree = (r: Run) => ROLES.reduce((sum, role) => sum + r.use.us[role], 0);
/** Direct's reference: its servers and its client, per call. */
const directCost = (d: Run) => perCall(d.use.us.servers + d.clientUs, d);

function notes(r: Run): string {
  const list = (counts: Record<Role, number>) =>
    ROLES.filter((role) => counts[role] > 0).map((role) => `${counts[role]} ${role}`);
  const started = list(r.use.started);
  const exited = list(r.use.exited);
  return [
    ...(started.length > 0
      ? [`started in the timed phase: ${started.join(", ")} (all their CPU counted)`]
      : []),
    ...(exited.length > 0 ? [`exited in the timed phase: ${exited.join(", ")} (CPU lost)`] : []),
  ].join("; ");
}

function ratesTable(results: Results): string {
  return table(
    [
      "sessions",
      ...PATHS.flatMap((p) => (p === "direct" ? [LABELS[p]] : [LABELS[p], "vs direct"])),
      "probe processes",
    ],
    results.map(({ sessions, runs }) => [
      String(sessions),
      ...PATHS.flatMap((p) =>
        p === "direct"
          ? [fixed(rate(runs[p]), 0)]
          : [fixed(rate(runs[p]), 0), times(rate(runs[p]), rate(runs.direct))],
      ),
      PATHS.map((p) => `${LABELS[p]} ${runs[p].servers}`).join(", "),
    ]),
  );
}

function cpuTable(results: Results): string {
  const rows: string[][] = [];
  for (const { sessions, runs } of results) {
    for (const path of PATHS) {
      const r = runs[path];
      rows.push([
        String(sessions),
        LABELS[path],
        String(r.calls),
        fixed(perCall(r.clientUs, r), 0),
        ...ROLES.map((role) => fixed(perCall(r.use.us[role], r), 0)),
        fixed(perCall(tree(r), r), 0),
        fixed(perCall(tree(r) + r.clientUs, r), 0),
        times(perCall(tree(r) + r.clientUs, r), directCost(runs.direct)),
        notes(r),
      ]);
    }
  }
  return table(
    [
      "sessions",
      "path",
      "calls",
      "client",
      ...ROLES,
      "tree (shims+daemon+servers)",
      "tree + client",
      "vs direct (servers + client)",
      "notes",
    ],
    rows,
  );
}

function goals(results: Results): Goal[] {
  const list: Goal[] = [];
  for (const { sessions, runs } of results) {
    const floor = sessions === 1 ? 0.6 : 0.8;
    for (const path of MUX_PATHS)
      list.push({
        goal: `${sessions} session(s), ${LABELS[path]}: calls/s ≥ ${floor}x direct`,
        measured: times(rate(runs[path]), rate(runs.direct)),
        verdict: verdict(rate(runs[path]) / rate(runs.direct), floor, "min"),
      });
  }
  for (const { sessions, runs } of results) {
    for (const path of MUX_PATHS) {
      const r = runs[path];
      const mine = perCall(tree(r) + r.clientUs, r);
      list.push({
        goal: `${sessions} session(s), ${LABELS[path]}: CPU per call, whole tree + client ≤ 2x direct`,
        measured: times(mine, directCost(runs.direct)),
        verdict: verdict(mine / directCost(runs.direct), 2),
      });
    }
  }
  return list;
}

export function reportThroughput(
  results: Results,
  options: { timedMs: number; slices: number; warmupCalls: number },
): void {
  console.log(
    `\nthroughput: every session calls whoami back to back for ${options.timedMs / 1000} s per path (${options.slices} slices, paths taking turns) after ${options.warmupCalls} warm-up calls (mcpmux: default pool), calls/s:\n`,
  );
  console.log(ratesTable(results));
  console.log(
    "\nCPU per call by hop, µs (utime+stime from /proc over the timed phase; client = this bench process, all its sessions):\n",
  );
  console.log(cpuTable(results));
  console.log("");
  console.log(goalsTable(goals(results)));
}
