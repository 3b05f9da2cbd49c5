/**
 * Fuzzing the stdio front (`mcpmux stdio --standalone`): one child process
 * is fed every generated input as raw bytes on its stdin, valid tool calls
 * interleaved, and must answer each as JSON-RPC wants, never crash and
 * never hang. A huge line must not grow its memory.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { ROOT, servers, writeConfig } from "../helpers/paths.ts";
import { start, type Running } from "../helpers/processes.ts";
import { BATCH, fuzzBatches, fuzzBeside, LineConn, sendLines, whoamiParams } from "./driver.ts";
import {
  expectForLine,
  FUZZ_MAX_MESSAGE_BYTES,
  INPUTS_PER_FRONT,
  inputArbitrary,
  type Input,
} from "./inputs.ts";

const running: Running[] = [];
after(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

async function standalone(config: object): Promise<{ mux: Running; conn: LineConn }> {
  const file = writeConfig(config);
  const [command, ...pre] = FROM_SOURCES as [string, ...string[]];
  const mux = start(command, [...pre, "stdio", "--standalone", "--config", file], { cwd: ROOT });
  running.push(mux);
  const conn = new LineConn((bytes) => void mux.child.stdin?.write(bytes));
  mux.child.stdout?.on("data", (chunk: Buffer) => conn.receive(chunk));
  mux.child.once("exit", () => (conn.closed = true));
  mux.child.stdin?.on("error", () => undefined);
  await conn.initialize("fuzz-stdio");
  return { mux, conn };
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

describe("fuzz: stdio front", () => {
  test(`${INPUTS_PER_FRONT} generated inputs: the right JSON-RPC error or none, no crash, no hang, tool calls keep working`, async () => {
    const { mux, conn } = await standalone({
      servers: { probe: servers.probe() },
      maxMessageBytes: FUZZ_MAX_MESSAGE_BYTES,
    });
    const first = await conn.request("tools/call", whoamiParams(0), 30_000);
    assert.ok(first.result !== undefined, JSON.stringify(first));
    const expectOf = (input: Input) => expectForLine(input.bytes, FUZZ_MAX_MESSAGE_BYTES);
    // On stdio the witness's calls share the one session, interleaved on the same stdin.
    const sent = await fuzzBeside(
      "stdio",
      (n) => conn.request("tools/call", whoamiParams(n)),
      () =>
        fuzzBatches(inputArbitrary(true), expectOf, (inputs, run) =>
          sendLines(conn, inputs, run, expectOf),
        ),
    );
    assert.equal(sent % BATCH, 0);
    assert.equal(mux.child.exitCode, null, `mcpmux exited:\n${mux.stderr().slice(-3000)}`);
    assert.doesNotMatch(mux.stderr(), /a message failed|Maximum call stack|Unhandled|uncaught/i);
  });

  test("a 256 MiB line without a newline is refused once and held nowhere; the session goes on", async () => {
    // The default limit (4 MiB): no maxMessageBytes in the config.
    const { mux, conn } = await standalone({ servers: { probe: servers.probe() } });
    const pid = mux.child.pid!;
    const ping = await conn.request("ping", {});
    assert.deepEqual(ping.result, {});
    const before = rssBytes(pid);
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let peak = before;
    for (let i = 0; i < 256; i++) {
      if (!mux.child.stdin!.write(chunk))
        await new Promise((r) => mux.child.stdin!.once("drain", r));
      if (i % 16 === 0) peak = Math.max(peak, rssBytes(pid));
    }
    conn.write("\n");
    const after = await conn.request("ping", {}, 30_000);
    peak = Math.max(peak, rssBytes(pid));
    assert.deepEqual(after.result, {}, "the session goes on after the huge line");
    const replies = conn.take();
    assert.equal(replies.length, 1, JSON.stringify(replies));
    const error = replies[0]!.error as { code: number; message: string; data?: unknown };
    assert.equal(replies[0]!.id, null);
    assert.equal(error.code, -32600);
    assert.match(error.message, /4194304 bytes.*maxMessageBytes/);
    const growth = peak - before;
    console.log(`stdio: rss ${before >> 20} MiB before, peak ${peak >> 20} MiB while fed 256 MiB`);
    assert.ok(growth < 64 * 1024 * 1024, `rss grew by ${growth >> 20} MiB`);
    assert.equal(mux.child.exitCode, null);
  });
});
