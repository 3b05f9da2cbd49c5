/**
 * First contact with the compiled binary, as a user meets it: help for
 * mcpmux and for every command, usage errors that say what was meant
 * (exit 2), status and stop with no daemon, a port in use failing before
 * any server starts (exit 1), and errors without stack traces unless
 * MCPMUX_LOG=debug. The binary is built once; every process a test starts
 * carries a marker and is killed at the end; every wait is bounded.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildBinary } from "../../scripts/build.ts";
import { VISIBLE_COMMANDS } from "../../src/cli/command-table.ts";
import { locate } from "../../src/daemon/locations.ts";
import { initializeLine } from "../helpers/initialize.ts";
import { tempDir } from "../helpers/paths.ts";
import { eventually, isolatedEnv, killAll, processesWithMarker } from "../helpers/proc.ts";

const RUN_MS = 30_000;
const dir = tempDir("mcpmux-cli-");
const binary = join(dir, "mcpmux");
const marker = `mcpmux-test-${randomUUID()}`;
const env = isolatedEnv(marker);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary to its end (at most RUN_MS), whatever its exit code. */
function mcpmux(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { env: { ...env, ...extraEnv }, cwd: dir, timeout: RUN_MS },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A config whose one server leaves `started` behind if it is ever started. */
function configWithMarkerServer(extra: object = {}): { file: string; started: string } {
  const folder = tempDir("mcpmux-cli-config-");
  const started = join(folder, "server-started");
  const file = join(folder, "mcp.config.json");
  const server = { command: "/bin/sh", args: ["-c", `touch '${started}'; exec sleep 60`] };
  writeFileSync(file, JSON.stringify({ servers: { marked: server }, ...extra }));
  return { file, started };
}

/** A port this test holds on 127.0.0.1, as another program would. */
async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, server };
}

const STACK_LINE = /^\s+at /m;

before(() => buildBinary(binary));
after(() => killAll(marker));

describe("help", () => {
  test("mcpmux --help, -h and help: every command, exit 0, on stdout", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const { code, stdout } = await mcpmux(args);
      assert.equal(code, 0, args.join(" "));
      for (const command of VISIBLE_COMMANDS)
        assert.match(stdout, new RegExp(`^  ${command.name} `, "m"));
      assert.match(stdout, /mcpmux help config/);
      assert.doesNotMatch(stdout, /README/);
    }
  });

  test("help COMMAND, COMMAND --help and COMMAND -h: its usage line, exit 0", async () => {
    for (const command of VISIBLE_COMMANDS) {
      for (const args of [
        ["help", command.name],
        [command.name, "--help"],
        [command.name, "-h"],
      ]) {
        const { code, stdout } = await mcpmux(args);
        assert.equal(code, 0, args.join(" "));
        assert.ok(
          stdout.startsWith(`Usage: mcpmux ${command.name}`),
          `${args.join(" ")}:\n${stdout}`,
        );
      }
    }
  });

  test("stop --help is stop's help, not the overview", async () => {
    const { stdout } = await mcpmux(["stop", "--help"]);
    assert.match(stdout, /^Usage: mcpmux stop \[--config FILE\]\n/);
    assert.doesNotMatch(stdout, /Commands:/);
  });

  test("help config summarises the config file", async () => {
    const { code, stdout } = await mcpmux(["help", "config"]);
    assert.equal(code, 0);
    for (const key of ["servers.<name>", ".command", ".url", ".plugin", "routes", "http", "daemon"])
      assert.ok(stdout.includes(key), key);
  });

  test("--version", async () => {
    const { code, stdout } = await mcpmux(["--version"]);
    assert.equal(code, 0);
    assert.match(stdout, /^mcpmux \d+\.\d+\.\d+\n$/);
  });
});

describe("usage errors: exit 2, what was meant, where to read more", () => {
  test("an unknown command with a guess", async () => {
    const { code, stderr, stdout } = await mcpmux(["stauts"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /^mcpmux: unknown command "stauts" \(did you mean "status"\?\)\n/);
    assert.match(stderr, /Run `mcpmux help`/);
  });

  test("a flag the command does not take names the command and what it takes", async () => {
    const { code, stderr } = await mcpmux(["check", "--json", "--standalone", "--port", "3"]);
    assert.equal(code, 2);
    assert.match(stderr, /check does not take --json .*; it takes --config FILE/);
    assert.match(stderr, /Run `mcpmux help check`/);
  });

  test("an unknown flag with a guess", async () => {
    const { code, stderr } = await mcpmux(["serve", "--prot", "80"]);
    assert.equal(code, 2);
    assert.match(stderr, /unknown option --prot \(did you mean "--port"\?\)/);
  });

  test("help for something that does not exist", async () => {
    const { code, stderr } = await mcpmux(["help", "serv"]);
    assert.equal(code, 2);
    assert.match(stderr, /no help for "serv" \(did you mean "serve"\?\)/);
  });
});

describe("status and stop with no daemon", () => {
  const { file } = configWithMarkerServer();

  test("status says no daemon runs and how to start one, exit 3", async () => {
    const { code, stderr, stdout } = await mcpmux(["status", "--config", file]);
    assert.equal(code, 3);
    assert.equal(stdout, "");
    assert.match(stderr, /no daemon is running for /);
    assert.match(stderr, /mcpmux stdio --config /);
    assert.match(stderr, /mcpmux daemon --config /);
  });

  test('status --json prints {"running": false}, exit 3', async () => {
    const { code, stdout } = await mcpmux(["status", "--json", "--config", file]);
    assert.equal(code, 3);
    const report = JSON.parse(stdout) as { running: boolean; config: string };
    assert.equal(report.running, false);
    assert.equal(report.config, file);
  });

  test("stop a running daemon, then stop again: both exit 0", async () => {
    const config = join(tempDir("mcpmux-cli-stop-"), "mcp.config.json");
    writeFileSync(config, JSON.stringify({ servers: {} }));
    const daemon = spawn(binary, ["daemon", "--config", config], { env, stdio: "ignore" });
    try {
      const answered = await eventually(
        () => existsSync(locate(config, env).pidFile),
        (found) => found,
        RUN_MS,
      );
      assert.ok(answered, "the daemon started");
      const status = await mcpmux(["status", "--json", "--config", config]);
      assert.equal(status.code, 0);
      assert.equal((JSON.parse(status.stdout) as { running: boolean }).running, true);
      const first = await mcpmux(["stop", "--config", config]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /stopped the daemon/);
      const second = await mcpmux(["stop", "--config", config]);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /no daemon is running .*nothing to stop/);
    } finally {
      daemon.kill("SIGKILL");
    }
  });
});

describe("a port in use: exit 1 naming it, no server started", () => {
  for (const command of ["serve", "daemon"]) {
    test(`${command} --port TAKEN`, async () => {
      const { file, started } = configWithMarkerServer();
      const { port, server } = await takenPort();
      try {
        const { code, stderr } = await mcpmux([command, "--config", file, "--port", String(port)]);
        assert.equal(code, 1, stderr);
        assert.ok(stderr.includes(`127.0.0.1:${port}`), stderr);
        assert.match(stderr, /already in use; choose another port with --port PORT, or http\.port/);
        assert.doesNotMatch(stderr, /marked/, "no line about the server in the log");
        assert.equal(existsSync(started), false, "the server was never started");
        const servers = processesWithMarker(marker).filter((p) => p.cmdline.includes(started));
        assert.deepEqual(servers, []);
        if (command === "daemon") {
          const status = await mcpmux(["status", "--config", file]);
          assert.equal(status.code, 3, "the failed daemon took no socket");
        }
      } finally {
        server.close();
      }
    });
  }

  test("serve with the config's http.port taken names the config", async () => {
    const { port, server } = await takenPort();
    const { file, started } = configWithMarkerServer({ http: { port } });
    try {
      const { code, stderr } = await mcpmux(["serve", "--config", file]);
      assert.equal(code, 1, stderr);
      assert.ok(stderr.includes(`127.0.0.1:${port}`), stderr);
      assert.ok(stderr.includes(`http.port in ${file}`), stderr);
      assert.equal(existsSync(started), false);
    } finally {
      server.close();
    }
  });
});

test("a daemon whose config's http.port is taken still serves its socket, and says why HTTP is missing", async () => {
  const { port, server } = await takenPort();
  const { file } = configWithMarkerServer({ http: { port } });
  // As a shim starts it: no --port, so HTTP is the config's extra, not the point.
  const daemon = spawn(binary, ["daemon", "--config", file], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  daemon.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const running = await eventually(
      () => existsSync(locate(file, env).socket),
      (up) => up,
      RUN_MS,
    );
    assert.ok(running, `the daemon serves its socket:\n${stderr}`);
    const status = await mcpmux(["status", "--json", "--config", file]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { running: boolean }).running, true);
    assert.ok(stderr.includes(`127.0.0.1:${port}`), stderr);
    assert.match(stderr, /serving the socket only/);
  } finally {
    daemon.kill("SIGKILL");
    server.close();
  }
});

test("status shows why a server is down in its table row", async () => {
  const folder = tempDir("mcpmux-cli-config-");
  const file = join(folder, "mcp.config.json");
  writeFileSync(file, JSON.stringify({ servers: { ghost: { command: "mcpmux-no-such-cmd" } } }));
  const daemon = spawn(binary, ["daemon", "--config", file], { env, stdio: "ignore" });
  try {
    const down = /^ghost .*(not found|ENOENT)/im;
    let text = "";
    for (const deadline = Date.now() + RUN_MS; Date.now() < deadline && !down.test(text);) {
      await new Promise((r) => setTimeout(r, 200));
      text = (await mcpmux(["status", "--config", file])).stdout;
    }
    assert.match(text, /LAST ERROR/);
    assert.ok(text.includes(`log ${locate(file, env).log}`), text);
    assert.match(text, down);
  } finally {
    daemon.kill("SIGKILL");
  }
});

describe("stdio writes nothing but MCP on stdout; a remote server that refuses is named by its URL", () => {
  for (const mode of ["shim", "standalone"]) {
    test(mode, async () => {
      const folder = tempDir("mcpmux-cli-config-");
      const file = join(folder, "mcp.config.json");
      // Port 1 on loopback: nothing listens there.
      writeFileSync(
        file,
        JSON.stringify({ servers: { remote: { url: "http://127.0.0.1:1/mcp" } } }),
      );
      const args = ["stdio", "--config", file, ...(mode === "standalone" ? ["--standalone"] : [])];
      const child = spawn(binary, args, { env, stdio: ["pipe", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.resume();
      const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
      try {
        child.stdin.write(initializeLine("raw"));
        send({ jsonrpc: "2.0", method: "notifications/initialized" });
        send({
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "remote__search", arguments: {} },
        });
        for (const deadline = Date.now() + RUN_MS; Date.now() < deadline && !/"id":2/.test(out);)
          await new Promise((r) => setTimeout(r, 50));
        const lines = out.split("\n").filter((line) => line !== "");
        for (const line of lines)
          assert.equal(
            (JSON.parse(line) as { jsonrpc?: unknown }).jsonrpc,
            "2.0",
            `not MCP on stdout: ${line}`,
          );
        const answer = lines
          .map((line) => JSON.parse(line) as { id?: unknown; error?: { message: string } })
          .find((m) => m.id === 2);
        assert.ok(answer?.error !== undefined, out);
        assert.match(answer.error.message, /server "remote" is down/);
        assert.match(answer.error.message, /cannot reach http:\/\/127\.0\.0\.1:1\/mcp: \S/);
      } finally {
        child.kill("SIGKILL");
        if (mode === "shim") await mcpmux(["stop", "--config", file]);
      }
    });
  }
});

test("status --json prints JSON also when a daemon holds its socket but does not answer", async () => {
  const folder = tempDir("mcpmux-cli-config-");
  const file = join(folder, "mcp.config.json");
  writeFileSync(file, JSON.stringify({ servers: {} }));
  const where = locate(file, env);
  mkdirSync(dirname(where.socket), { recursive: true, mode: 0o700 });
  // A stuck daemon: it accepts the connection and never says a word.
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(where.socket, resolve));
  try {
    const { code, stdout } = await mcpmux(["status", "--json", "--config", file]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { running: boolean; answering: boolean; error: string };
    assert.equal(report.running, true);
    assert.equal(report.answering, false);
    assert.match(report.error, /did not answer/);
  } finally {
    silent.close();
  }
});

test("top --once prints one frame of a running daemon, and exits 3 with none", async () => {
  const folder = tempDir("mcpmux-cli-config-");
  const file = join(folder, "mcp.config.json");
  writeFileSync(file, JSON.stringify({ servers: { ghost: { command: "mcpmux-no-such-cmd" } } }));
  const none = await mcpmux(["top", "--once", "--config", file]);
  assert.equal(none.code, 3);
  assert.match(none.stderr, /no daemon is running/);
  const daemon = spawn(binary, ["daemon", "--config", file], { env, stdio: "ignore" });
  try {
    let frame: Run = none;
    for (const deadline = Date.now() + RUN_MS; Date.now() < deadline && frame.code !== 0;) {
      await new Promise((r) => setTimeout(r, 200));
      frame = await mcpmux(["top", "--once", "--config", file]);
    }
    assert.equal(frame.code, 0, frame.stderr);
    assert.match(frame.stdout, /^mcpmux top: /);
    assert.match(frame.stdout, /^ghost +ghost#1/m);
    assert.match(frame.stdout, /no tool calls since the daemon started/);
    assert.doesNotMatch(frame.stdout, /\x1b\[/, "no screen control codes when not a terminal");
  } finally {
    daemon.kill("SIGKILL");
  }
});

describe("errors", () => {
  test("an unexpected error prints its message, its stack only with MCPMUX_LOG=debug", async () => {
    const { file } = configWithMarkerServer();
    // A daemon reachable from other machines without a token is refused before anything starts.
    const args = ["daemon", "--config", file, "--host", "0.0.0.0", "--port", "0"];
    const plain = await mcpmux(args);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /mcpmux: refusing to serve HTTP on 0\.0\.0\.0 without a token/);
    assert.doesNotMatch(plain.stderr, STACK_LINE);
    const debug = await mcpmux(args, { MCPMUX_LOG: "debug" });
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, STACK_LINE);
  });
});
