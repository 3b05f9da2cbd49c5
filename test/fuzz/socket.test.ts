/**
 * Fuzzing the daemon's unix socket: a raw connection to the socket path
 * gets every generated input (as `mcpmux stdio` shims never would send it),
 * while a second connection, another client session on the same daemon,
 * calls a tool in a loop: the daemon must answer the first as JSON-RPC
 * wants and never let it disturb the second.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { after, describe, test } from "node:test";
import { locate } from "../../src/daemon/locations.ts";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { ROOT, servers, writeConfig } from "../helpers/paths.ts";
import { eventually, isolatedEnv, killAll } from "../helpers/proc.ts";
import { start, type Running } from "../helpers/processes.ts";
import { fuzzBatches, fuzzBeside, LineConn, sendLines, whoamiParams } from "./driver.ts";
import {
  expectForLine,
  FUZZ_MAX_MESSAGE_BYTES,
  INPUTS_PER_FRONT,
  inputArbitrary,
  type Input,
} from "./inputs.ts";

const marker = `mcpmux-fuzz-${randomUUID()}`;
const env = isolatedEnv(marker);
const sockets: Socket[] = [];
let daemon: Running | undefined;

after(async () => {
  for (const s of sockets) s.destroy();
  await daemon?.stop();
  killAll(marker);
});

async function connect(path: string, name: string): Promise<LineConn> {
  const socket = createConnection(path);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const conn = new LineConn((bytes) => void socket.write(bytes));
  socket.on("data", (chunk: Buffer) => conn.receive(chunk));
  socket.on("error", () => undefined);
  socket.once("close", () => (conn.closed = true));
  await conn.initialize(name);
  return conn;
}

describe("fuzz: the daemon's unix socket", () => {
  test(`${INPUTS_PER_FRONT} generated inputs on one connection: the right JSON-RPC error or none; another session's tool calls all right`, async () => {
    const file = writeConfig({
      servers: { probe: servers.probe() },
      maxMessageBytes: FUZZ_MAX_MESSAGE_BYTES,
    });
    const [command, ...pre] = FROM_SOURCES as [string, ...string[]];
    daemon = start(command, [...pre, "daemon", "--config", file], { cwd: ROOT, env });
    const path = locate(file, env).socket;
    await eventually(
      () => existsSync(path),
      (x) => x,
      20_000,
    );
    assert.ok(existsSync(path), `no socket at ${path}:\n${daemon.stderr()}`);
    const fuzz = await connect(path, "fuzz-socket");
    const other = await connect(path, "witness");
    const first = await other.request("tools/call", whoamiParams(0), 30_000);
    assert.ok(first.result !== undefined, JSON.stringify(first));

    const expectOf = (input: Input) => expectForLine(input.bytes, FUZZ_MAX_MESSAGE_BYTES);
    await fuzzBeside(
      "socket",
      (n) => other.request("tools/call", whoamiParams(n)),
      () =>
        fuzzBatches(inputArbitrary(true), expectOf, (inputs, run) =>
          sendLines(fuzz, inputs, run, expectOf),
        ),
    );
    assert.equal(fuzz.closed, false, "the fuzzed connection stays open");
    assert.equal(
      daemon.child.exitCode,
      null,
      `the daemon exited:\n${daemon.stderr().slice(-3000)}`,
    );
    // The daemon still takes new sessions.
    const late = await connect(path, "late");
    const ping = await late.request("ping", {});
    assert.deepEqual(ping.result, {});
    assert.doesNotMatch(daemon.stderr(), /a message failed|Maximum call stack|Unhandled|uncaught/i);
  });
});
