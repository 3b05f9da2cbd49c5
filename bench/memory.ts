/** Memory of a set of processes, from /proc (Linux): RSS and PSS, in kB. */
import { readFileSync } from "node:fs";
import { processesWithMarker, type Proc } from "../test/helpers/proc.ts";

export interface Usage {
  processes: number;
  rssKb: number;
  pssKb: number;
}

/** One process's RSS and PSS in kB (0 once it is gone). */
export function rollup(pid: number): { rss: number; pss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const field = (name: string) =>
      Number(text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
    return { rss: field("Rss"), pss: field("Pss") };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

export function usage(procs: Proc[]): Usage {
  let rssKb = 0;
  let pssKb = 0;
  for (const p of procs) {
    const m = rollup(p.pid);
    rssKb += m.rss;
    pssKb += m.pss;
  }
  return { processes: procs.length, rssKb, pssKb };
}

export function usageOf(marker: string, filter: (p: Proc) => boolean = () => true): Usage {
  return usage(processesWithMarker(marker).filter(filter));
}
