/**
 * One slow server must not make the whole mux look broken: with a server
 * that takes 12 s to start (an `npx -y` download does), a session's first
 * tools/list answers at once with the other servers' tools; the slow one's
 * tools are announced with list_changed when it is up, and a call to one of
 * them made before then waits for it instead of failing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers } from "../helpers/paths.ts";
import { RawSession } from "../helpers/raw-session.ts";

const START_DELAY_MS = 12_000;
let mux: Served;
const sessions: RawSession[] = [];

before(async () => {
  mux = await serve({
    listWait: 500, // the default: this test is about it
    servers: {
      fast: servers.probe(),
      slow: { ...servers.probe(), env: { PROBE_START_DELAY_MS: String(START_DELAY_MS) } },
    },
  });
});

after(async () => {
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  await mux.stop();
});

const names = (reply: { result?: Record<string, unknown> }) =>
  ((reply.result?.["tools"] as Array<{ name: string }> | undefined) ?? []).map((t) => t.name);

test("lists answer at once with the ready servers; the slow one joins with list_changed", async () => {
  const session = await RawSession.open(mux.url, "http", {}, "impatient");
  sessions.push(session);
  const started = Date.now();
  const first = await session.request("first", "tools/list");
  const tookMs = Date.now() - started;
  assert.ok(tookMs < 3000, `the first list took ${tookMs} ms`);
  assert.ok(names(first).includes("fast__whoami"), names(first).join(","));
  assert.ok(!names(first).includes("slow__whoami"), "the slow server is not up yet");

  // A call to the slow server's tool, before it is listed: it waits and succeeds.
  const early = session.request(
    "early",
    "tools/call",
    { name: "slow__whoami", arguments: {} },
    30_000,
  );
  await session.waitFor((m) => m.method === "notifications/tools/list_changed", 30_000);
  const second = await session.request("second", "tools/list");
  assert.ok(names(second).includes("slow__whoami"), names(second).join(","));
  const reply = await early;
  assert.equal(reply.error, undefined, JSON.stringify(reply.error));
});
