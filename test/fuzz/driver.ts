/**
 * Driving a front with generated input: fast-check draws batches of inputs,
 * each batch goes down one long-lived connection (never a process per
 * input), and the replies are matched against the oracle. A witness session
 * calls a real tool in a loop all the while, and every one of its answers
 * must be right.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import {
  describeMismatch,
  FUZZ_SEED,
  INPUTS_PER_FRONT,
  match,
  type Expect,
  type Input,
  type Reply,
} from "./inputs.ts";

export const BATCH = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An NDJSON peer: writes lines, keeps every response it reads, by id. */
export class LineConn {
  private buffer = "";
  private replies: Reply[] = [];
  private readonly waiters = new Map<string, (r: Reply) => void>();
  closed = false;

  constructor(readonly write: (bytes: Buffer | string) => void) {}

  /** Feed it what the other side wrote. */
  receive(chunk: Buffer): void {
    this.buffer += chunk.toString("utf8");
    let nl = this.buffer.indexOf("\n");
    while (nl !== -1) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      nl = this.buffer.indexOf("\n");
      if (line.trim() === "") continue;
      let message: Reply & { method?: unknown };
      try {
        message = JSON.parse(line) as Reply & { method?: unknown };
      } catch {
        this.replies.push({ jsonrpc: "not json", id: line.slice(0, 200) });
        continue;
      }
      if (message.method !== undefined) continue; // a notification to the client
      const waiter = typeof message.id === "string" ? this.waiters.get(message.id) : undefined;
      if (waiter !== undefined) {
        this.waiters.delete(message.id as string);
        waiter(message);
      } else this.replies.push(message);
    }
  }

  take(): Reply[] {
    const replies = this.replies;
    this.replies = [];
    return replies;
  }

  peek(): readonly Reply[] {
    return this.replies;
  }

  /** Sends a request whose answer is handed to the caller, not kept with the replies. */
  request(method: string, params: object, timeoutMs = 20_000): Promise<Reply> {
    const id = `wit:${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  async initialize(name: string): Promise<void> {
    const init = await this.request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name, version: "1" },
    });
    assert.ok(init.result !== undefined, JSON.stringify(init));
    this.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  }
}

/** What the witness saw: calls made and answered right, and anything else. */
export interface WitnessReport {
  calls: number;
  failures: string[];
}

/**
 * Calls the probe server's whoami with a fresh argument in a loop until
 * stopped; each answer must carry that argument back.
 */
export function runWitness(call: (n: number) => Promise<Reply>): {
  stop: () => Promise<WitnessReport>;
} {
  let stopped = false;
  const report: WitnessReport = { calls: 0, failures: [] };
  const loop = (async () => {
    for (let n = 1; !stopped && report.failures.length < 5; n++) {
      try {
        const reply = await call(n);
        const result = reply.result as
          { isError?: boolean; structuredContent?: { args?: { n?: unknown } } } | undefined;
        if (result?.isError === true || result?.structuredContent?.args?.n !== n)
          report.failures.push(`call ${n}: ${JSON.stringify(reply).slice(0, 300)}`);
        else report.calls++;
      } catch (err) {
        report.failures.push(`call ${n}: ${String(err)}`);
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return report;
    },
  };
}

export function whoamiParams(n: number): Record<string, unknown> {
  return { name: "probe__whoami", arguments: { n } };
}

/**
 * Runs the property over `INPUTS_PER_FRONT` inputs in batches of `BATCH`:
 * `send` delivers a batch and resolves with the replies it got; the
 * replies must match the oracle's expectations exactly.
 */
export async function fuzzBatches(
  arbitrary: fc.Arbitrary<Input>,
  expectOf: (input: Input) => Expect[],
  send: (inputs: Input[], run: number) => Promise<Reply[]>,
): Promise<number> {
  let sent = 0;
  let run = 0;
  const runs = Math.ceil(INPUTS_PER_FRONT / BATCH);
  console.log(`fuzz: seed ${FUZZ_SEED}, ${runs} batches of ${BATCH} (FUZZ_SEED=... to change)`);
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }),
      async (inputs) => {
        run++;
        const expected = inputs.flatMap(expectOf);
        const replies = await send(inputs, run);
        sent += inputs.length;
        const result = match(expected, replies);
        const ok =
          result.missing.length === 0 &&
          result.unexpected.length === 0 &&
          result.malformed.length === 0;
        assert.ok(ok, describeMismatch(inputs, result));
      },
    ),
    {
      seed: FUZZ_SEED,
      numRuns: runs,
      endOnFailure: process.env["FUZZ_SHRINK"] === undefined,
      includeErrorInReport: true,
    },
  );
  return sent;
}

/**
 * Sends a batch down an NDJSON connection, then a ping as a sentinel, and
 * waits (within a bound: a hang fails) for the sentinel's answer and for
 * every expected reply.
 */
export async function sendLines(
  conn: LineConn,
  inputs: Input[],
  run: number,
  expectOf: (input: Input) => Expect[],
): Promise<Reply[]> {
  conn.take();
  for (const input of inputs) conn.write(Buffer.concat([input.bytes, Buffer.from("\n")]));
  const sentinel = `sentinel-${run}`;
  conn.write(`${JSON.stringify({ jsonrpc: "2.0", id: sentinel, method: "ping" })}\n`);
  const expected = inputs.flatMap(expectOf);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const replies = conn.peek();
    const got = replies.some((r) => r.id === sentinel);
    if (
      got &&
      match(
        expected,
        replies.filter((r) => r.id !== sentinel),
      ).missing.length === 0
    )
      break;
    if (Date.now() > deadline) {
      assert.ok(
        got,
        `no answer to the sentinel ping within 20 s (hung?)${conn.closed ? "; the connection closed" : ""}`,
      );
      break;
    }
    await sleep(got ? 20 : 2);
  }
  await sleep(0);
  return conn.take().filter((r) => r.id !== sentinel);
}

/**
 * Fuzzes one front while a witness session on the same mcpmux calls without
 * pause: every witness answer must be right, and at least INPUTS_PER_FRONT
 * inputs must have gone in. Returns how many did.
 */
export async function fuzzBeside(
  front: string,
  witnessCall: (n: number) => Promise<Reply>,
  fuzz: () => Promise<number>,
): Promise<number> {
  const began = Date.now();
  const witness = runWitness(witnessCall);
  let sent = 0;
  try {
    sent = await fuzz();
  } finally {
    const report = await witness.stop();
    console.log(
      `fuzz ${front}: ${sent} inputs in ${Date.now() - began} ms; the other session: ${report.calls} calls right`,
    );
    assert.deepEqual(report.failures, [], "the other session's calls must all be answered right");
    assert.ok(report.calls > 0);
  }
  assert.ok(sent >= INPUTS_PER_FRONT);
  return sent;
}
