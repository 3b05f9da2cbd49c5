/**
 * Fuzzing the legacy SSE transport (GET /sse, POST /message): every
 * generated input is POSTed to one stream's message endpoint; an error comes
 * back in the POST's body, an answer on the stream. Another session calls a
 * tool in a loop all the while and every answer must be right.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers } from "../helpers/paths.ts";
import { RawSession } from "../helpers/raw-session.ts";
import { fuzzBatches, fuzzBeside, whoamiParams } from "./driver.ts";
import { expectForBody, postAll } from "./http-driver.ts";
import {
  FUZZ_MAX_MESSAGE_BYTES,
  INPUTS_PER_FRONT,
  inputArbitrary,
  match,
  type Input,
  type Reply,
} from "./inputs.ts";

/** Bodies over http.maxBodyBytes come among the others: a 413 must not break a shared connection. */
const HTTP_OVERSIZED = true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let served: Served | undefined;
const sessions: RawSession[] = [];
const aborts: AbortController[] = [];
after(async () => {
  for (const a of aborts) a.abort();
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  await served?.stop();
});

/** A raw SSE stream: the endpoint it names, and every JSON-RPC response it carries. */
async function openStream(base: string): Promise<{ endpoint: string; replies: Reply[] }> {
  const abort = new AbortController();
  aborts.push(abort);
  const response = await fetch(`${base}/sse`, { signal: abort.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const replies: Reply[] = [];
  let endpoint: string | undefined;
  let buffer = "";
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = event
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trimStart())
          .join("\n");
        if (name === "endpoint") endpoint = data;
        else if (name === "message") {
          const message = JSON.parse(data) as Reply & { method?: unknown };
          if (message.method === undefined) replies.push(message);
        }
      }
    }
  })();
  for (let i = 0; endpoint === undefined && i < 200; i++) await sleep(25);
  assert.ok(endpoint !== undefined, "no endpoint event");
  return { endpoint: new URL(endpoint, base).href, replies };
}

describe("fuzz: SSE, POST /message", () => {
  test(`${INPUTS_PER_FRONT} generated bodies to one stream: the right JSON-RPC answer, no 5xx, another session's calls all right`, async () => {
    served = await serve({
      servers: { probe: servers.probe() },
      http: { maxBodyBytes: FUZZ_MAX_MESSAGE_BYTES },
    });
    const stream = await openStream(served.url);
    const headers = { "content-type": "application/json" };
    const post = (body: object) =>
      fetch(stream.endpoint, { method: "POST", headers, body: JSON.stringify(body) });
    await post({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: {
        protocolVersion: "2024-11-05",
        capabilities: {},
        clientInfo: { name: "fuzz", version: "1" },
      },
    });
    await post({ jsonrpc: "2.0", method: "notifications/initialized" });

    const other = await RawSession.open(served.url, "sse", {}, "witness");
    sessions.push(other);
    const first = await other.request("w0", "tools/call", whoamiParams(0), 30_000);
    assert.ok(first.result !== undefined, JSON.stringify(first));
    const expectOf = (input: Input) =>
      expectForBody(input.bytes, FUZZ_MAX_MESSAGE_BYTES, "refused") ?? [];
    await fuzzBeside(
      "sse",
      (n) => other.request(`w${n}`, "tools/call", whoamiParams(n), 20_000) as Promise<Reply>,
      () =>
        fuzzBatches(inputArbitrary(HTTP_OVERSIZED), expectOf, async (inputs, run) => {
          stream.replies.length = 0;
          const posted = await postAll(
            stream.endpoint,
            headers,
            inputs.map((i) => i.bytes),
          );
          const replies: Reply[] = [];
          posted.forEach((p, at) => {
            assert.ok(
              p.status < 500,
              `HTTP ${p.status} for ${inputs[at]!.bytes.toString("utf8").slice(0, 200)}`,
            );
            replies.push(...p.replies);
          });
          // Answers come on the stream: wait for a sentinel's, and for all expected.
          const sentinel = `sentinel-${run}`;
          await post({ jsonrpc: "2.0", id: sentinel, method: "ping" });
          const expected = inputs.flatMap(expectOf);
          const deadline = Date.now() + 20_000;
          for (;;) {
            const got = stream.replies.some((r) => r.id === sentinel);
            const all = [...replies, ...stream.replies.filter((r) => r.id !== sentinel)];
            if (got && match(expected, all).missing.length === 0) break;
            assert.ok(Date.now() < deadline, "no answer to the sentinel within 20 s (hung?)");
            await sleep(5);
          }
          return [...replies, ...stream.replies.filter((r) => r.id !== sentinel)];
        }),
    );
    assert.equal(served.child.exitCode, null, `mcpmux exited:\n${served.stderr().slice(-3000)}`);
    assert.doesNotMatch(served.stderr(), /a message failed|Maximum call stack|Unhandled|uncaught/i);
  });
});
