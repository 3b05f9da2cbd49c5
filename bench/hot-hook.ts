/**
 * `node --import tsx bench/run.ts --only hot-hook`: a one-off comparison for
 * the question "should the plugin host under Node reload a plugin in place
 * with hot-hook instead of swapping processes?". hot-hook (a devDependency,
 * for this measurement only; mcpmux does not use it) is measured in a Node
 * process with tsx, the way a plugin host would use it: `hot.init` with the
 * plugin file as a boundary, then the plugin imported again (dynamically)
 * until the tool's handler answers the new code. The plugin is the reload
 * benchmark's (it imports "mcpmux" and "valibot", provided as in the plugin
 * host). Two folders: one with a package.json `"type": "module"` beside the
 * plugin (tsx loads it as an ES module), and one with none, where mcpmux's
 * plugins usually live (tsx compiles it to CommonJS). Against: the process
 * swap's save-to-new-code through Node from sources (bench/reload.ts).
 *
 * This file is also the child that does the in-process measurement:
 * `node --import tsx bench/hot-hook.ts --child FILE EDITS` prints one JSON line.
 */
import { spawn } from "node:child_process";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT, TS_NODE, tempDir } from "../test/helpers/paths.ts";
import { percentile, pluginSource, saveToNewCodeFromSources } from "./reload.ts";

/** hot-hook's latency is in ms: a tighter bound per edit than the process swap's. */
const PER_EDIT_MS = 5_000;
const ESM_EDITS = 20;
/** Enough to show whether edits after the first take, without waiting out the bound 20 times. */
const CJS_EDITS = 3;
const SOURCE_EDITS = 10;
const CHILD_TIMEOUT_MS = 120_000;
const PAUSE_BETWEEN_EDITS_MS = 250;

interface ChildResult {
  times: number[];
  missed: number;
  /** What the handler answered when an edit was not heard within the bound. */
  stale: string[];
  error?: string;
}

type Handler = () => unknown;

/** The `version` tool's handler from a freshly imported plugin module (CommonJS arrives wrapped). */
function handlerOf(mod: { default?: unknown }): Handler {
  let value = mod.default as Record<string, unknown> | undefined;
  if (value !== undefined && "__esModule" in value && "default" in value)
    value = value["default"] as Record<string, unknown>;
  const tools = value?.["tools"] as Record<string, { handler: Handler }> | undefined;
  const tool = tools?.["version"];
  if (tool === undefined) throw new Error("the plugin has no tools.version");
  return tool.handler;
}

async function child(file: string, edits: number): Promise<ChildResult> {
  const { hot } = await import("hot-hook");
  // The plugin is a boundary: imported dynamically, so hot-hook can hand out a fresh copy.
  await hot.init({ root: fileURLToPath(import.meta.url), boundaries: [file] });
  const { provideMcpmuxModule } = await import("../src/runtime/module-alias.ts");
  await provideMcpmuxModule();
  const url = pathToFileURL(file).href;
  const answer = async () =>
    String(await handlerOf((await import(url)) as { default?: unknown })());
  const result: ChildResult = { times: [], missed: 0, stale: [] };
  const first = await answer();
  if (first !== "v0") throw new Error(`the plugin answered ${first} before any edit, not v0`);
  for (let i = 1; i <= edits; i++) {
    const version = `v${i}`;
    const temp = join(file, "..", `.plug.ts.${i}.tmp`);
    writeFileSync(temp, pluginSource(version));
    renameSync(temp, file);
    const savedAt = performance.now();
    let last = "";
    while (performance.now() - savedAt < PER_EDIT_MS) {
      last = await answer();
      if (last === version) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (last === version) result.times.push(performance.now() - savedAt);
    else {
      result.missed++;
      result.stale.push(`${version} saved, ${last} answered`);
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_EDITS_MS));
  }
  result.times.sort((a, b) => a - b);
  return result;
}

/** Runs the child on a fresh plugin folder; `esm` puts a package.json `"type": "module"` beside it. */
function measureInChild(esm: boolean, edits: number): Promise<ChildResult> {
  const dir = tempDir("mcpmux-bench-hot-hook-");
  const file = join(dir, "plug.ts");
  writeFileSync(file, pluginSource("v0"));
  if (esm) writeFileSync(join(dir, "package.json"), `{ "type": "module" }\n`);
  const [node, ...pre] = TS_NODE as [string, ...string[]];
  return new Promise((resolve) => {
    const proc = spawn(
      node,
      [...pre, fileURLToPath(import.meta.url), "--child", file, String(edits)],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => proc.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        const why = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
        resolve({ times: [], missed: edits, stale: [], error: `${why}: ${stderr.trim()}` });
      }
    });
  });
}

function row(label: string, times: number[], edits: number, digits: number): string {
  const max = times[times.length - 1] ?? NaN;
  const f = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(digits));
  return `| ${label} | ${edits} | ${f(percentile(times, 50))} | ${f(percentile(times, 90))} | ${f(max)} | ${times.length}/${edits} |`;
}

export async function hotHookBench(): Promise<void> {
  const esm = await measureInChild(true, ESM_EDITS);
  const cjs = await measureInChild(false, CJS_EDITS);
  const swap = await saveToNewCodeFromSources(SOURCE_EDITS);
  console.log(
    `\nhot-hook (in-process module reload) vs mcpmux's process swap, Node ${process.version} with tsx (\`node --import tsx bench/run.ts --only hot-hook\`): save (temp file renamed over the plugin) to the new code answering, ms:\n`,
  );
  console.log(
    "| reload | edits | p50 | p90 | max | new code heard |\n| --- | --- | --- | --- | --- | --- |",
  );
  console.log(
    row(
      'hot-hook, plugin beside a package.json `"type": "module"` (handler called in process)',
      esm.times,
      ESM_EDITS,
      1,
    ),
  );
  console.log(
    row(
      "hot-hook, plugin in a folder with no package.json (tsx compiles it to CommonJS)",
      cjs.times,
      CJS_EDITS,
      1,
    ),
  );
  console.log(
    row(
      "mcpmux process swap, Node from sources (a tools/call through a shim and the daemon)",
      swap.figures.times,
      SOURCE_EDITS,
      0,
    ),
  );
  const notes = [
    ...[esm, cjs].flatMap((r, i) => {
      const label = i === 0 ? "hot-hook, ES module" : "hot-hook, CommonJS";
      return [
        ...(r.error !== undefined ? [`- ${label}: ${r.error.slice(0, 600)}`] : []),
        ...r.stale.map((s) => `- ${label}: not heard within ${PER_EDIT_MS} ms: ${s}`),
      ];
    }),
    ...swap.notes,
  ];
  if (cjs.missed > 0)
    notes.push(
      "- why CommonJS does not reload: hot-hook's load hook only handles ES modules; a CommonJS module is cached by file path (require.cache), so the fresh `plug.ts?hot-hook=N` URL it hands out still gets the first copy, with no error",
    );
  notes.push(
    "- the hot-hook figure is in process: no MCP round trip and no 100 ms debounce; a plugin host using it would still rebuild its McpServer and announce tools/list_changed",
  );
  if (swap.figures.failed > 0)
    notes.push(`- process swap: ${swap.figures.failed} calls failed during the edits`);
  console.log(`\n${notes.join("\n")}`);
}

if (process.argv[2] === "--child") {
  const [file, edits] = process.argv.slice(3);
  try {
    const result = await child(String(file), Number(edits));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stdout.write(`${JSON.stringify({ times: [], missed: 0, stale: [], error })}\n`);
  }
  process.exit(0); // hot-hook's watcher would keep the process alive
}
