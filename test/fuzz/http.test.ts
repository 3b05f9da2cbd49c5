/**
 * Fuzzing Streamable HTTP (POST /mcp on `mcpmux serve`): every generated
 * input is the body of a POST in one initialized session, while another
 * session calls a tool in a loop. Each POST gets the JSON-RPC answer the
 * spec wants (never a 5xx, never a hang) and the other session's calls all
 * come back right.
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

/** The id of a message, when it has one a reply could carry. */
function readableId(bytes: Buffer): string | number | null {
  const id = (JSON.parse(bytes.toString("utf8")) as { id?: unknown }).id;
  return typeof id === "string" || (typeof id === "number" && Number.isFinite(id)) ? id : null;
}

/** Bodies over http.maxBodyBytes come among the others: a 413 must not break a shared connection. */
const HTTP_OVERSIZED = true;

let served: Served | undefined;
const sessions: RawSession[] = [];
after(async () => {
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  await served?.stop();
});

describe("fuzz: Streamable HTTP, POST /mcp", () => {
  test(`${INPUTS_PER_FRONT} generated bodies in one session: the right JSON-RPC answer, no 5xx, another session's calls all right`, async () => {
    served = await serve({
      servers: { probe: servers.probe() },
      http: { maxBodyBytes: FUZZ_MAX_MESSAGE_BYTES },
    });
    const url = `${served.url}/mcp`;
    const base = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const init = await fetch(url, {
      method: "POST",
      headers: base,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: "init",
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "fuzz", version: "1" },
        },
      }),
    });
    await init.text();
    const sessionId = init.headers.get("mcp-session-id");
    assert.ok(sessionId !== null);
    const headers = { ...base, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" };
    await fetch(url, {
      method: "POST",
      headers,
      body: '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    });

    const other = await RawSession.open(served.url, "http", {}, "witness");
    sessions.push(other);
    const first = await other.request("w0", "tools/call", whoamiParams(0), 30_000);
    assert.ok(first.result !== undefined, JSON.stringify(first));
    // Each POST carries its own answer: checked here one by one, nothing left for the batch.
    const expectOf = (_input: Input) => [];
    await fuzzBeside(
      "http",
      (n) => other.request(`w${n}`, "tools/call", whoamiParams(n), 20_000) as Promise<Reply>,
      () =>
        fuzzBatches(inputArbitrary(HTTP_OVERSIZED), expectOf, async (inputs) => {
          const posted = await postAll(
            url,
            headers,
            inputs.map((i) => i.bytes),
          );
          posted.forEach((p, at) => {
            assert.ok(
              p.status < 500,
              `HTTP ${p.status} for ${inputs[at]!.bytes.toString("utf8").slice(0, 200)}`,
            );
            const expected = expectForBody(inputs[at]!.bytes, FUZZ_MAX_MESSAGE_BYTES, "sdk");
            // A batch is the SDK's to answer: only the form of its answers is checked.
            if (expected === undefined) {
              const { malformed } = match([], p.replies);
              assert.deepEqual(malformed, []);
            } else {
              let one = match(expected, p.replies);
              // The SDK's schema is stricter than JSON-RPC (integer ids only, no unknown
              // fields, \`_meta\` an object): a message that passes mcpmux's own check may
              // still be refused, as an Invalid Request with its id, never as a parse error
              // (for a notification or a response, HTTP allows a 400 with such an error).
              if (
                expected.every((e) => e.kind === "answer" || e.code === -32601) &&
                p.status === 400
              ) {
                const id = readableId(inputs[at]!.bytes);
                const withId = match([{ kind: "error", code: -32600, id }], p.replies);
                one =
                  withId.missing.length === 0
                    ? withId
                    : match([{ kind: "error", code: -32600, id: null }], p.replies);
              }
              assert.ok(
                one.missing.length + one.unexpected.length + one.malformed.length === 0,
                `for ${JSON.stringify(inputs[at]!.bytes.toString("utf8").slice(0, 300))} (${inputs[at]!.label}) HTTP ${p.status}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(p.replies).slice(0, 500)}`,
              );
            }
          });
          return [];
        }),
    );
    const ping = await fetch(url, {
      method: "POST",
      headers,
      body: '{"jsonrpc":"2.0","id":"last","method":"ping"}',
    });
    assert.equal(ping.status, 200, "the fuzzed session still works");
    assert.match(await ping.text(), /"id":"last","result":\{\}/);
    assert.equal(served.child.exitCode, null, `mcpmux exited:\n${served.stderr().slice(-3000)}`);
    assert.doesNotMatch(served.stderr(), /a message failed|Maximum call stack|Unhandled|uncaught/i);
  });
});
