/**
 * `mcpmux status --tools`: per exposed tool, since the mux started, how
 * often it was called, how often it failed, its p50/p99 latency and which
 * clients call it. Bounded: a latency window per tool, a capped set of
 * client names, a capped number of tools (names come from clients).
 */
import { LatencyWindow } from "../balance/latency-window.ts";

const WINDOW = 256;
const MAX_CLIENTS = 32;
const MAX_TOOLS = 1000;

export interface ToolStat {
  tool: string;
  calls: number;
  errors: number;
  p50Ms: number | null;
  p99Ms: number | null;
  clients: string[];
}

interface Record {
  calls: number;
  errors: number;
  window: LatencyWindow;
  clients: Set<string>;
}

export class ToolStats {
  private readonly tools = new Map<string, Record>();

  record(tool: string, client: string, failed: boolean, ms: number): void {
    let entry = this.tools.get(tool);
    if (entry === undefined) {
      if (this.tools.size >= MAX_TOOLS) return;
      entry = { calls: 0, errors: 0, window: new LatencyWindow(WINDOW), clients: new Set() };
      this.tools.set(tool, entry);
    }
    entry.calls++;
    if (failed) entry.errors++;
    entry.window.record(ms);
    if (entry.clients.size < MAX_CLIENTS) entry.clients.add(client);
  }

  /** Most called first. */
  report(): ToolStat[] {
    return [...this.tools]
      .map(([tool, r]) => ({
        tool,
        calls: r.calls,
        errors: r.errors,
        p50Ms: r.window.percentile(50) ?? null,
        p99Ms: r.window.percentile(99) ?? null,
        clients: [...r.clients].sort(),
      }))
      .sort((a, b) => b.calls - a.calls || a.tool.localeCompare(b.tool));
  }
}
