/**
 * Process lifecycle without holes, with a server that does not leave on its
 * own (test/fixtures/lingering-server.ts ignores stdin EOF, SIGHUP and its
 * parent's death): the watchdog kills it when the daemon is SIGKILLed, under
 * dash as well as bash; `mcpmux stop` ends attached sessions (their shims
 * exit 0) and stops the server before it reports success; a shim whose
 * client closed its stdout exits quietly.
 */
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { CLI, ROOT, TS_NODE, TSX, single, tempDir, writeConfig } from "../helpers/paths.ts";
import { eventually, isolatedEnv, killAll } from "../helpers/proc.ts";
import { isAlive } from "../helpers/processes.ts";
import { locate } from "../../src/daemon/locations.ts";

const run = promisify(execFile);
const LINGERING = join(ROOT, "test/fixtures/lingering-server.ts");
const lingering = () => single({ command: process.execPath, args: ["--import", TSX, LINGERING] });
const markers: string[] = [];
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) killGroup(child.pid);
  for (const marker of markers) killAll(marker);
});

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}

function testEnv(): Record<string, string> {
  const marker = `mcpmux-test-${randomUUID()}`;
  markers.push(marker);
  return isolatedEnv(marker);
}

type Message = Record<string, unknown> & { id?: unknown; method?: string; result?: unknown };

/** `mcpmux stdio` as a raw child process: its exit code, stdout and stderr in full view. */
class ShimProcess {
  readonly child: ChildProcess;
  readonly received: Message[] = [];
  stderr = "";
  readonly exited: Promise<number | null>;
  readonly stdoutEnded: Promise<void>;

  constructor(config: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [...TS_NODE.slice(1), CLI, "stdio", "--config", config], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.push(this.child);
    let buffer = "";
    this.child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== "") this.received.push(JSON.parse(line) as Message);
      }
    });
    this.child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.stdoutEnded = new Promise((resolve) => this.child.stdout?.once("close", () => resolve()));
  }

  send(message: object): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  async request(id: number | string, method: string, params: object = {}): Promise<Message> {
    this.send({ jsonrpc: "2.0", id, method, params });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = this.received.find((m) => m.id === id && m.method === undefined);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`no answer to ${method} (${id}); stderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async initialize(name: string): Promise<void> {
    const init = await this.request(0, "initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name, version: "1" },
    });
    assert.ok(init.result !== undefined, JSON.stringify(init));
    this.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  async whoami(id: number): Promise<number> {
    const reply = await this.request(id, "tools/call", {
      name: "lingering__whoami",
      arguments: {},
    });
    const pid = (reply.result as { structuredContent?: { pid?: number } } | undefined)
      ?.structuredContent?.pid;
    assert.equal(typeof pid, "number", JSON.stringify(reply));
    return pid as number;
  }

  /** Resolves with the exit code, or undefined if it is still running after `ms`. */
  exitWithin(ms: number): Promise<number | null | undefined> {
    return Promise.race([
      this.exited,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref()),
    ]);
  }
}

function mcpmux(env: Record<string, string>, config: string, ...args: string[]) {
  return run(process.execPath, [...TS_NODE.slice(1), CLI, ...args, "--config", config], {
    env,
    cwd: ROOT,
    timeout: 60_000,
  });
}

/** A process that stands for a daemon: it starts the watchdog with `shell`, then idles. */
function fakeDaemon(groupsFile: string, shell: string): ChildProcess {
  const reaper = join(ROOT, "src/daemon/reaper.ts");
  const code = `const { startWatchdog } = await import(${JSON.stringify(reaper)});
startWatchdog(${JSON.stringify(groupsFile)}, ${JSON.stringify(shell)});
setInterval(() => undefined, 1000);
process.stdout.write("ready\\n");`;
  const child = spawn(process.execPath, [...TS_NODE.slice(1), "--input-type=module", "-e", code], {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return child;
}

describe("process lifecycle", () => {
  for (const shell of ["/bin/dash", "/bin/bash"]) {
    test(`the watchdog under ${shell} kills a lingering server's group when its daemon is SIGKILLed`, async (t) => {
      if (!existsSync(shell)) return t.skip(`${shell} is not installed`);
      const server = spawn(process.execPath, ["--import", TSX, LINGERING], {
        detached: true, // its own process group, as the daemon starts servers
        stdio: ["pipe", "ignore", "ignore"],
      });
      children.push(server);
      const pgid = server.pid as number;
      const groupsFile = join(tempDir(), "daemon.groups");
      writeFileSync(groupsFile, `${pgid}`);
      const daemon = fakeDaemon(groupsFile, shell);
      await new Promise((r) => daemon.stdout?.once("data", r));
      server.stdin?.end(); // as when its daemon dies: stdin ends, and it lingers
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(isAlive(pgid), "the lingering server ignores stdin EOF");
      process.kill(daemon.pid as number, "SIGKILL");
      const alive = await eventually(
        () => isAlive(pgid),
        (a) => !a,
        5000,
      );
      assert.equal(alive, false, `the watchdog under ${shell} killed the server's group`);
      const left = await eventually(
        () => existsSync(groupsFile),
        (e) => !e,
        5000,
      );
      assert.equal(left, false, "the watchdog removed the groups file");
    });
  }

  test("a SIGKILLed daemon's lingering server is gone within seconds", async () => {
    const env = testEnv();
    const config = writeConfig({ servers: { lingering: lingering() } });
    const shim = new ShimProcess(config, env);
    await shim.initialize("before-kill");
    const server = await shim.whoami(1);
    const daemon = Number(readFileSync(locate(config, env).pidFile, "utf8"));
    // The session ends first, so no new daemon starts: only the watchdog can stop the server.
    shim.child.stdin?.end();
    assert.equal(await shim.exitWithin(10_000), 0);
    assert.ok(isAlive(server), "the server outlives its session's end");
    process.kill(daemon, "SIGKILL");
    const alive = await eventually(
      () => isAlive(server),
      (a) => !a,
      5000,
    );
    assert.equal(alive, false, "the lingering server is gone");
  });

  test("mcpmux stop with two shims attached ends their sessions and stops every server before it reports success", async () => {
    const env = testEnv();
    const config = writeConfig({ servers: { lingering: lingering() } });
    const shims = [new ShimProcess(config, env), new ShimProcess(config, env)];
    await Promise.all(shims.map((s, i) => s.initialize(`attached-${i}`)));
    const [server] = await Promise.all(shims.map((s, i) => s.whoami(10 + i)));
    const daemon = Number(readFileSync(locate(config, env).pidFile, "utf8"));
    const started = Date.now();
    const stop = await mcpmux(env, config, "stop"); // rejects on a non-zero exit
    assert.match(stop.stderr, /stopped the daemon/);
    // Success is reported only once all of it is gone.
    assert.equal(isAlive(daemon), false, "the daemon has exited when stop returns");
    assert.equal(isAlive(server as number), false, "the lingering server has stopped");
    assert.ok(Date.now() - started < 15_000, "within the servers' grace period");
    for (const shim of shims) {
      assert.equal(
        await shim.exitWithin(5000),
        0,
        `the shim exits with 0; stderr:\n${shim.stderr}`,
      );
      await shim.stdoutEnded;
      assert.doesNotMatch(shim.stderr, /Error|EPIPE|at /);
    }
    const again = await mcpmux(env, config, "stop");
    assert.match(again.stderr, /no daemon is running/);
  });

  test("a shim whose client closed its stdout exits quietly", async () => {
    const env = testEnv();
    const config = writeConfig({ servers: { lingering: lingering() } });
    const shim = new ShimProcess(config, env);
    await shim.initialize("goes-away");
    shim.child.stdout?.destroy(); // the client is gone: the shim's next write meets a closed pipe
    for (let i = 0; i < 5; i++) shim.send({ jsonrpc: "2.0", id: 100 + i, method: "ping" });
    const code = await shim.exitWithin(10_000);
    assert.notEqual(code, undefined, "the shim exited");
    assert.equal(code, 0);
    assert.doesNotMatch(shim.stderr, /EPIPE|Error|at /, shim.stderr);
    await mcpmux(env, config, "stop");
  });
});
