/**
 * The MCP Inspector's CLI (`mcp-inspector --cli`, @modelcontextprotocol/inspector
 * 0.15.0) as the client of `mcpmux stdio`, in front of server-everything and
 * server-memory. Each Inspector run starts its own mcpmux (and so its own
 * servers), does one method, prints the result as JSON and exits.
 *
 * How it is run: `<node> node_modules/@modelcontextprotocol/inspector/cli/build/cli.js
 * --cli -- <node> --import tsx src/cli/main.ts stdio --config FILE --method ...`,
 * on the machine's Node 20 (process.execPath), cwd the repo root.
 *  - The target goes after `--`: before it, mcpmux's `--config` would be taken
 *    as the Inspector's own `--config` (an Inspector config file).
 *  - The Inspector's method options come after the target: its inner CLI still
 *    parses them there, and a variadic `--tool-arg` cannot swallow the target.
 *  - `mcp-inspector` starts its inner CLI as `node` from PATH: PATH begins with
 *    process.execPath's directory so that is this same Node.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CLI, ROOT, servers, tempDir, writeConfig } from "../helpers/paths.ts";
import { start, type Running } from "../helpers/processes.ts";

const INSPECTOR = join(ROOT, "node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
const RUN_TIMEOUT_MS = 30_000;
/** Set in every server's environment (through the config) to find its processes afterwards. */
const MARKER = `MCPMUX_INSPECTOR_TEST=${process.pid}-${Date.now()}`;

const started: Running[] = [];
const dirs: string[] = [];
let config: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** One Inspector CLI run against `mcpmux stdio --config <config>`, bounded by RUN_TIMEOUT_MS. */
async function inspect(method: string[]): Promise<Run> {
  const target = [
    process.execPath,
    "--import",
    "tsx",
    CLI,
    "stdio",
    "--standalone",
    "--config",
    config,
  ];
  const running = start(process.execPath, [INSPECTOR, "--cli", "--", ...target, ...method], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"]}` },
  });
  started.push(running);
  let stdout = "";
  running.child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finished = await Promise.race([
    new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      running.child.once("close", (code, signal) => resolve([code, signal])),
    ),
    new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), RUN_TIMEOUT_MS)),
    ),
  ]);
  clearTimeout(timer);
  if (finished === undefined) {
    await running.stop();
    throw new Error(
      `the Inspector CLI did not finish within ${RUN_TIMEOUT_MS} ms (${method.join(" ")})\n` +
        `stdout:\n${stdout}\nstderr:\n${running.stderr()}`,
    );
  }
  const [code, signal] = finished;
  return { code, signal, stdout, stderr: running.stderr() };
}

/** The JSON result the Inspector printed, once it exited 0. */
function resultOf(run: Run, what: string): Record<string, unknown> {
  const context = `${what}: exit ${run.code}${run.signal ? ` (${run.signal})` : ""}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
  assert.equal(run.code, 0, context);
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`the Inspector printed no JSON result; ${context}`);
  }
}

function texts(result: Record<string, unknown>): string[] {
  const content = result["content"];
  if (!Array.isArray(content)) return [];
  return content
    .filter((item): item is { type: "text"; text: string } => item?.type === "text")
    .map((item) => item.text);
}

/** Pids of live processes whose environment holds MARKER (readable /proc entries only). */
function markedProcesses(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(MARKER)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

before(() => {
  const data = tempDir("mcpmux-inspector-");
  dirs.push(data);
  const [markerKey, markerValue] = MARKER.split("=") as [string, string];
  const memory = servers.memory(join(data, "memory.jsonl"));
  config = writeConfig({
    servers: {
      everything: { ...servers.everything(), env: { [markerKey]: markerValue } },
      memory: { ...memory, env: { ...memory.env, [markerKey]: markerValue } },
    },
  });
  dirs.push(dirname(config));
});

after(async () => {
  await Promise.all(started.map((running) => running.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the MCP Inspector CLI through mcpmux stdio", () => {
  test("tools/list shows both servers' tools, prefixed", { timeout: 60_000 }, async () => {
    const result = resultOf(await inspect(["--method", "tools/list"]), "tools/list");
    const tools = result["tools"];
    assert.ok(Array.isArray(tools), `no tools array: ${JSON.stringify(result).slice(0, 500)}`);
    const names = tools.map((tool: { name?: unknown }) => tool.name);
    assert.ok(names.includes("everything__echo"), `tools: ${names.join(", ")}`);
    assert.ok(names.includes("memory__create_entities"), `tools: ${names.join(", ")}`);
  });

  test("tools/call everything__echo message=hello", { timeout: 60_000 }, async () => {
    const run = await inspect([
      "--method",
      "tools/call",
      "--tool-name",
      "everything__echo",
      "--tool-arg",
      "message=hello",
    ]);
    const result = resultOf(run, "tools/call everything__echo");
    assert.notEqual(result["isError"], true, JSON.stringify(result));
    assert.deepEqual(texts(result), ["Echo: hello"]);
  });

  test(
    "memory__create_entities, then memory__read_graph (a new mcpmux) shows the entity",
    {
      timeout: 90_000,
    },
    async () => {
      const entity = {
        name: "Inspector Probe",
        entityType: "test",
        observations: ["created through mcpmux by the Inspector CLI"],
      };
      const created = resultOf(
        await inspect([
          "--method",
          "tools/call",
          "--tool-name",
          "memory__create_entities",
          "--tool-arg",
          `entities=${JSON.stringify([entity])}`,
        ]),
        "tools/call memory__create_entities",
      );
      assert.notEqual(created["isError"], true, JSON.stringify(created));
      assert.match(texts(created).join("\n"), /Inspector Probe/);

      const graph = resultOf(
        await inspect(["--method", "tools/call", "--tool-name", "memory__read_graph"]),
        "tools/call memory__read_graph",
      );
      assert.notEqual(graph["isError"], true, JSON.stringify(graph));
      assert.match(texts(graph).join("\n"), /Inspector Probe/);
      const structured = graph["structuredContent"] as { entities?: unknown[] } | undefined;
      assert.deepEqual(
        structured?.entities?.find((e) => (e as { name?: unknown }).name === entity.name),
        entity,
        JSON.stringify(graph),
      );
    },
  );

  test("no server process outlives the Inspector runs", { timeout: 20_000 }, async () => {
    // Each run's mcpmux stops its servers when the Inspector disconnects.
    let left = markedProcesses();
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = markedProcesses();
    }
    const show = (pid: number) => {
      try {
        return `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ")}`;
      } catch {
        return `${pid}`;
      }
    };
    assert.deepEqual(left.map(show), [], "server processes still running after 10 s");
  });
});
