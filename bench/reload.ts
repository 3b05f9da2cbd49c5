/**
 * Part of `npm run bench` (alone: `node --import tsx bench/run.ts --only reload`):
 * how plugin hot reload feels to a session. A plugin in a temp folder has one
 * tool, `version`, that answers a constant ("v7"); a daemon serves it, and one
 * shim session (an SDK client over `mcpmux stdio`) calls `plug__version`.
 *   1. save to new code: the plugin file is saved (temp file renamed over it,
 *      as editors do) with the next constant, then the session calls until it
 *      hears it; the time from the save to that first new answer, p50 and max,
 *      and how many calls failed meanwhile (an old answer is not a failure).
 *   2. call latency while saves arrive every 500 ms vs steady, p50/p99.
 *   3. the save-to-new-code figure again through Node on the sources.
 * Every loop is bounded in count and time; every process started is stopped.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { FROM_SOURCES } from "../test/helpers/mux.ts";
import { ROOT, tempDir } from "../test/helpers/paths.ts";
import { isolatedEnv, killAll } from "../test/helpers/proc.ts";

const TOOL = "plug__version";
/** The longest one edit may take to show (save to first new answer). */
const PER_EDIT_MS = 30_000;
/** The longest one call may take before it counts as failed. */
const CALL_TIMEOUT_MS = 10_000;
const STEADY_MS = 3_000;
const STEADY_MAX_CALLS = 2_000;
const SAVE_EVERY_MS = 500;
const SAVES_DURING = 10;
/** The during-reloads window ends with the saves (and the last one heard), or at this bound. */
const DURING_MAX_MS = 30_000;
const DURING_MAX_CALLS = 50_000;
/** Between edits of (1), so an edit meets a settled pool (the old host drained), as a human's would. */
const PAUSE_BETWEEN_EDITS_MS = 250;
/** The supervisor's debounce of file events (src/supervisor/supervisor.ts), part of every figure. */
const WATCH_DEBOUNCE_MS = 100;

export interface ReloadBenchOptions {
  edits?: number;
  sourceEdits?: number;
}

/** The benchmark's plugin: one tool, `version`, answering `version`. */
export function pluginSource(version: string): string {
  return [
    `import { definePlugin } from "mcpmux";`,
    `import * as v from "valibot";`,
    ``,
    `export default definePlugin({`,
    `  name: "plug",`,
    `  version: "1.0.0",`,
    `  tools: {`,
    `    version: {`,
    `      description: "Which version of this file is running",`,
    `      input: v.object({}),`,
    `      handler: async () => ${JSON.stringify(version)},`,
    `    },`,
    `  },`,
    `});`,
    ``,
  ].join("\n");
}

/** What a call came to: the text it answered, or why it failed. */
type Outcome = { ok: true; text: string; ms: number } | { ok: false; error: string; ms: number };

interface Bench {
  label: string;
  command: string;
  /** Saves the plugin with `version` as its answer (temp file, then rename); returns the time of the save. */
  save(version: string): number;
  call(): Promise<Outcome>;
  /** The daemon's `status --json` config part, for its last reload and error. */
  lastReload(): { at: number; summary: string; error: string | null } | null;
  close(): Promise<void>;
}

async function open(label: string, launcher: string[]): Promise<Bench> {
  const marker = `mcpmux-bench-${randomUUID()}`;
  const env = isolatedEnv(marker);
  const pluginDir = tempDir("mcpmux-bench-plugin-");
  const plugin = join(pluginDir, "plug.ts");
  writeFileSync(plugin, pluginSource("v0"));
  const config = join(tempDir("mcpmux-bench-config-"), "mcp.config.json");
  writeFileSync(
    config,
    JSON.stringify({ servers: { plug: { plugin } }, daemon: { idleTimeout: 0 } }, null, 2),
  );
  const [command, ...pre] = launcher as [string, ...string[]];
  const mcpmux = (...args: string[]) =>
    execFileSync(command, [...pre, ...args, "--config", config], {
      env,
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 20_000,
    });
  const client = new Client({ name: "bench-reload", version: "1" });
  let saves = 0;
  const bench: Bench = {
    label,
    command: [command, ...pre].join(" "),
    save(version) {
      const temp = join(pluginDir, `.plug.ts.${++saves}.tmp`);
      writeFileSync(temp, pluginSource(version));
      renameSync(temp, plugin);
      return performance.now();
    },
    async call() {
      const started = performance.now();
      try {
        const result = await client.callTool(
          { name: TOOL, arguments: {} },
          { timeout: CALL_TIMEOUT_MS },
        );
        const ms = performance.now() - started;
        const first = result.content[0];
        const text = first?.type === "text" ? first.text : JSON.stringify(result.content);
        return result.isError === true ? { ok: false, error: text, ms } : { ok: true, text, ms };
      } catch (err) {
        return { ok: false, error: String(err), ms: performance.now() - started };
      }
    },
    lastReload() {
      try {
        const status = JSON.parse(mcpmux("status", "--json")) as {
          config: { lastReload: { at: number; summary: string; error: string | null } | null };
        };
        return status.config.lastReload;
      } catch (err) {
        return { at: 0, summary: "status failed", error: String(err) };
      }
    },
    async close() {
      await client.close().catch(() => undefined);
      try {
        mcpmux("stop");
      } catch {
        // already gone
      }
      killAll(marker);
    },
  };
  try {
    await client.connect(
      new StdioClientTransport({
        command,
        args: [...pre, "stdio", "--config", config],
        cwd: ROOT,
        env,
        stderr: "ignore",
      }),
    );
    // The daemon answers initialize before its servers are up: wait for the first answer.
    const deadline = Date.now() + PER_EDIT_MS;
    for (;;) {
      const outcome = await bench.call();
      if (outcome.ok && outcome.text === "v0") break;
      if (Date.now() > deadline)
        throw new Error(`${label}: the plugin never answered: ${JSON.stringify(outcome)}`);
      await sleep(50);
    }
  } catch (err) {
    await bench.close();
    throw err;
  }
  return bench;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface EditFigures {
  times: number[];
  failed: number;
  failures: string[];
  calls: number;
  oldAnswers: number;
  missed: number;
}

/** `edits` saves, each followed by calls until the new answer comes (at most PER_EDIT_MS each). */
async function saveToNewCode(bench: Bench, edits: number): Promise<EditFigures> {
  const figures: EditFigures = {
    times: [],
    failed: 0,
    failures: [],
    calls: 0,
    oldAnswers: 0,
    missed: 0,
  };
  for (let i = 1; i <= edits; i++) {
    const version = `v${i}`;
    const savedAt = bench.save(version);
    let heard = false;
    while (performance.now() - savedAt < PER_EDIT_MS) {
      const outcome = await bench.call();
      figures.calls++;
      if (!outcome.ok) {
        figures.failed++;
        if (figures.failures.length < 5) figures.failures.push(outcome.error);
        continue;
      }
      if (outcome.text === version) {
        figures.times.push(performance.now() - savedAt);
        heard = true;
        break;
      }
      figures.oldAnswers++;
    }
    if (!heard) figures.missed++;
    await sleep(PAUSE_BETWEEN_EDITS_MS);
  }
  figures.times.sort((a, b) => a - b);
  return figures;
}

interface Window {
  latencies: number[];
  failed: number;
  failures: string[];
  versions: Set<string>;
  ms: number;
}

function emptyWindow(): Window {
  return { latencies: [], failed: 0, failures: [], versions: new Set(), ms: 0 };
}

function record(window: Window, outcome: Outcome): void {
  window.latencies.push(outcome.ms);
  if (outcome.ok) window.versions.add(outcome.text);
  else {
    window.failed++;
    if (window.failures.length < 5) window.failures.push(outcome.error);
  }
}

async function steadyWindow(bench: Bench): Promise<Window> {
  const window = emptyWindow();
  const started = performance.now();
  while (performance.now() - started < STEADY_MS && window.latencies.length < STEADY_MAX_CALLS)
    record(window, await bench.call());
  window.ms = performance.now() - started;
  window.latencies.sort((a, b) => a - b);
  return window;
}

/** Calls back to back while another loop saves an edit every SAVE_EVERY_MS; ends once the last save is heard. */
async function duringReloads(bench: Bench, firstVersion: number): Promise<Window> {
  const window = emptyWindow();
  const last = `v${firstVersion + SAVES_DURING - 1}`;
  let saving = true;
  const saver = (async () => {
    for (let i = 0; i < SAVES_DURING; i++) {
      bench.save(`v${firstVersion + i}`);
      await sleep(SAVE_EVERY_MS);
    }
    saving = false;
  })();
  const started = performance.now();
  while (
    (saving || !window.versions.has(last)) &&
    performance.now() - started < DURING_MAX_MS &&
    window.latencies.length < DURING_MAX_CALLS
  )
    record(window, await bench.call());
  window.ms = performance.now() - started;
  await saver;
  window.latencies.sort((a, b) => a - b);
  return window;
}

function reportEdits(figures: EditFigures, edits: number): string {
  const t = figures.times;
  const max = t[t.length - 1] ?? NaN;
  return `| ${percentile(t, 50).toFixed(0)} | ${percentile(t, 90).toFixed(0)} | ${max.toFixed(0)} | ${figures.failed} | ${figures.oldAnswers} | ${t.length}/${edits} |`;
}

/** Lines worth printing under the tables: the first failed calls, and the daemon's last reload error. */
function problems(label: string, failures: string[], bench: Bench): string[] {
  const lines = failures.map((f) => `- ${label}: failed call: ${f.slice(0, 300)}`);
  const last = bench.lastReload();
  if (last?.error) lines.push(`- ${label}: last reload error: ${last.error.slice(0, 300)}`);
  return lines;
}

/** Save to new code through Node on the sources (the process swap as Node runs it). */
export async function saveToNewCodeFromSources(
  edits: number,
): Promise<{ figures: EditFigures; notes: string[] }> {
  const node = await open("Node from sources", FROM_SOURCES);
  try {
    const figures = await saveToNewCode(node, edits);
    return { figures, notes: problems("Node from sources, edits", figures.failures, node) };
  } finally {
    await node.close();
  }
}

export async function reloadBench(binary: string, options: ReloadBenchOptions = {}): Promise<void> {
  const edits = options.edits ?? 20;
  const sourceEdits = options.sourceEdits ?? 10;
  const notes: string[] = [];

  const compiled = await open("compiled binary", [binary]);
  let figures: EditFigures;
  let steady: Window;
  let during: Window;
  try {
    figures = await saveToNewCode(compiled, edits);
    steady = await steadyWindow(compiled);
    during = await duringReloads(compiled, edits + 1);
    notes.push(...problems("compiled binary", [...figures.failures, ...during.failures], compiled));
  } finally {
    await compiled.close();
  }

  const fromSources = await saveToNewCodeFromSources(sourceEdits);
  const nodeFigures = fromSources.figures;
  notes.push(...fromSources.notes);

  console.log(
    `\nplugin hot reload (\`node --import tsx bench/run.ts --only reload\`): save (temp file renamed over the plugin) to the first call answering the new code, one shim session calling \`${TOOL}\` back to back (the file watch waits ${WATCH_DEBOUNCE_MS} ms for a burst of writes to end), ms:\n`,
  );
  console.log(
    "| mcpmux | edits | p50 | p90 | max | failed calls | old answers meanwhile | new code heard |\n| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  console.log(`| compiled binary (\`mcpmux stdio\`) | ${edits} ${reportEdits(figures, edits)}`);
  console.log(
    `| Node 20 from sources (\`node --import tsx src/cli/main.ts stdio\`) | ${sourceEdits} ${reportEdits(nodeFigures, sourceEdits)}`,
  );

  const row = (label: string, w: Window) =>
    `| ${label} | ${w.latencies.length} | ${(w.ms / 1000).toFixed(1)} | ${percentile(w.latencies, 50).toFixed(3)} | ${percentile(w.latencies, 99).toFixed(3)} | ${(w.latencies[w.latencies.length - 1] ?? NaN).toFixed(1)} | ${w.failed} |`;
  console.log(
    `\ncall latency through the compiled binary, sequential \`${TOOL}\` calls, steady vs while the plugin is saved every ${SAVE_EVERY_MS} ms (${SAVES_DURING} saves), ms:\n`,
  );
  console.log(
    "| window | calls | s | p50 | p99 | max | failed |\n| --- | --- | --- | --- | --- | --- | --- |",
  );
  console.log(row("steady", steady));
  const heard = [...during.versions].filter((v) => Number(v.slice(1)) > edits).length;
  console.log(row(`during reloads (${heard} of ${SAVES_DURING} saves heard)`, during));
  const ratio = (p: number) =>
    (percentile(during.latencies, p) / percentile(steady.latencies, p)).toFixed(2);
  console.log(`| ratio during/steady | | | ${ratio(50)}x | ${ratio(99)}x | | |`);
  if (notes.length > 0) console.log(`\n${notes.join("\n")}`);
}
