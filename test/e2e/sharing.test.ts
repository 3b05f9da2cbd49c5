/**
 * Correct sharing: several client sessions on one shared upstream process,
 * through `mcpmux serve`, each getting exactly what belongs to it.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers, single } from "../helpers/paths.ts";
import { RawSession, reported, type Message } from "../helpers/raw-session.ts";

let mux: Served;
const open: RawSession[] = [];

async function session(
  kind: "http" | "sse" = "http",
  capabilities: Record<string, unknown> = {},
  name = "raw",
): Promise<RawSession> {
  const s = await RawSession.open(mux.url, kind, capabilities, name);
  open.push(s);
  return s;
}

const call = (
  s: RawSession,
  id: string | number,
  name: string,
  args: Record<string, unknown> = {},
  meta?: Record<string, unknown>,
) =>
  s.request(
    id,
    "tools/call",
    meta === undefined ? { name, arguments: args } : { name, arguments: args, _meta: meta },
  );

before(async () => {
  // One instance per server: these tests read the probe's own per-process record.
  mux = await serve({
    servers: { probe: single(servers.probe()), everything: single(servers.everything()) },
  });
});

after(async () => {
  await Promise.all(open.map((s) => s.close().catch(() => undefined)));
  await mux.stop();
});

describe("two sessions on one shared upstream", () => {
  test("the same request id from two sessions at once: each gets its own answer, with its id type kept", async () => {
    const [a, b] = [await session(), await session("sse")];
    const [ra, rb, rs] = await Promise.all([
      call(a, 7, "probe__whoami", { who: "a" }),
      call(b, 7, "probe__whoami", { who: "b" }),
      call(a, "7", "probe__whoami", { who: "a-string" }),
    ]);
    assert.equal(ra.id, 7);
    assert.equal(rb.id, 7);
    assert.equal(rs.id, "7");
    assert.deepEqual(reported(ra)["args"], { who: "a" });
    assert.deepEqual(reported(rb)["args"], { who: "b" });
    assert.deepEqual(reported(rs)["args"], { who: "a-string" });
    // One process served all three, each under a fresh upstream id.
    const upstreamIds = new Set([ra, rb, rs].map((r) => reported(r)["requestId"]));
    assert.equal(upstreamIds.size, 3);
    assert.equal(new Set([ra, rb, rs].map((r) => reported(r)["pid"])).size, 1);
  });

  test("progress reaches the session that asked, under its own token", async () => {
    const [a, b] = [await session(), await session()];
    const [ra, rb] = await Promise.all([
      call(a, 1, "probe__sleep", { ms: 300 }, { progressToken: "tok-a" }),
      call(b, 1, "probe__sleep", { ms: 300 }, { progressToken: 99 }),
    ]);
    assert.deepEqual(reported(ra), { slept: 300 });
    assert.deepEqual(reported(rb), { slept: 300 });
    const pa = a.notifications("notifications/progress");
    const pb = b.notifications("notifications/progress");
    assert.ok(pa.length >= 2 && pb.length >= 2, `progress arrived: a=${pa.length} b=${pb.length}`);
    assert.ok(pa.every((m) => m.params?.["progressToken"] === "tok-a"));
    assert.ok(pb.every((m) => m.params?.["progressToken"] === 99));
  });

  test("server-everything's long-running operation reports progress to its caller only", async () => {
    const [a, b] = [await session(), await session()];
    const ra = await call(
      a,
      5,
      "everything__trigger-long-running-operation",
      { duration: 0.4, steps: 4 },
      { progressToken: "long" },
    );
    assert.equal(ra.error, undefined);
    const progress = a.notifications("notifications/progress");
    assert.equal(progress.length, 4);
    assert.ok(progress.every((m) => m.params?.["progressToken"] === "long"));
    assert.equal(b.notifications("notifications/progress").length, 0);
  });

  test("a cancellation reaches the upstream under the upstream's id, and no response follows", async () => {
    const a = await session();
    const who = reported(await call(a, "w", "probe__whoami"));
    const pending = call(a, "slow", "probe__sleep", { ms: 5000 }, { progressToken: "p" });
    await a.waitFor((m) => m.method === "notifications/progress");
    await a.notify("notifications/cancelled", { requestId: "slow", reason: "user pressed stop" });
    const b = await session();
    const seen = reported(await call(b, 1, "probe__cancellations"))["cancelled"] as Array<{
      requestId: number;
      reason: string;
    }>;
    const mine = seen.find((c) => c.reason === "user pressed stop");
    assert.ok(mine, `upstream saw ${JSON.stringify(seen)}`);
    assert.equal(typeof mine.requestId, "number");
    assert.ok(mine.requestId > (who["requestId"] as number), "the upstream id, not the client's");
    await assert.rejects(
      Promise.race([
        pending,
        new Promise((_, r) => setTimeout(() => r(new Error("no response")), 500)),
      ]),
    );
  });

  for (const kind of ["http", "sse"] as const)
    test(`a ${kind} session that ends has its in-flight requests cancelled upstream`, async () => {
      const a = await session(kind);
      const before = reported(await call(a, 0, "probe__cancellations"))["cancelled"] as unknown[];
      void call(a, 1, "probe__sleep", { ms: 10_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      await a.close();
      const b = await session();
      const deadline = Date.now() + 5000;
      let seen: Array<{ reason: string }> = [];
      while (Date.now() < deadline) {
        seen = reported(await call(b, `c${Date.now()}`, "probe__cancellations"))[
          "cancelled"
        ] as Array<{ reason: string }>;
        if (seen.length > before.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(
        seen.slice(before.length).filter((c) => c.reason === "client disconnected").length,
        1,
        JSON.stringify(seen),
      );
    });

  test("sampling from server-everything goes to the session whose call caused it", async () => {
    const a = await session("http", { sampling: {} }, "a");
    const b = await session("http", { sampling: {} }, "b");
    a.onRequest = (m) =>
      m.method === "sampling/createMessage"
        ? { role: "assistant", model: "a-model", content: { type: "text", text: "from a" } }
        : undefined;
    b.onRequest = (m) =>
      m.method === "sampling/createMessage"
        ? { role: "assistant", model: "b-model", content: { type: "text", text: "from b" } }
        : undefined;
    const ra = await call(a, 1, "everything__trigger-sampling-request", {
      prompt: "hello",
      maxTokens: 5,
    });
    const rb = await call(b, 1, "everything__trigger-sampling-request", {
      prompt: "hello",
      maxTokens: 5,
    });
    assert.match(JSON.stringify(ra.result), /from a/);
    assert.match(JSON.stringify(rb.result), /from b/);
    assert.equal(a.received.filter((m) => m.method === "sampling/createMessage").length, 1);
    assert.equal(b.received.filter((m) => m.method === "sampling/createMessage").length, 1);
  });

  test("sampling for a client without the capability is refused with a clear error, and nobody else is asked", async () => {
    const other = await session("http", { sampling: {} }, "other");
    other.onRequest = () => ({
      role: "assistant",
      model: "x",
      content: { type: "text", text: "wrong session" },
    });
    const plain = await session("http", {}, "plain");
    const r = await call(plain, 1, "everything__trigger-sampling-request", {
      prompt: "hi",
      maxTokens: 5,
    });
    assert.match(JSON.stringify(r), /sampling capability/);
    assert.equal(other.received.filter((m) => m.method === "sampling/createMessage").length, 0);
  });

  test("list_changed from an upstream reaches every session that listed, once, and the new tool is listed and callable", async () => {
    const [a, b, quiet] = [await session(), await session("sse"), await session()];
    // Sessions hear of changes to lists they have seen; `quiet` never asked.
    await a.request("la", "tools/list");
    await b.request("lb", "tools/list");
    const before = [
      a.notifications("notifications/tools/list_changed").length,
      b.notifications("notifications/tools/list_changed").length,
    ];
    await call(a, 1, "probe__add-tool", { name: "fresh" });
    await a.waitFor(
      (m) =>
        m.method === "notifications/tools/list_changed" &&
        a.notifications(m.method).length > before[0]!,
    );
    await b.waitFor(
      (m) =>
        m.method === "notifications/tools/list_changed" &&
        b.notifications(m.method).length > before[1]!,
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(a.notifications("notifications/tools/list_changed").length, before[0]! + 1);
    assert.equal(b.notifications("notifications/tools/list_changed").length, before[1]! + 1);
    assert.equal(quiet.notifications("notifications/tools/list_changed").length, 0);
    const list = await b.request(2, "tools/list");
    const names = (list.result?.["tools"] as Array<{ name: string }>).map((t) => t.name);
    assert.ok(names.includes("probe__fresh"), names.join(","));
  });

  test("resource subscriptions are counted per upstream and updates go to subscribers only", async () => {
    const [a, b, c] = [await session(), await session(), await session()];
    const uri = "probe://item/42";
    assert.deepEqual((await a.request(1, "resources/subscribe", { uri })).result, {});
    assert.deepEqual((await b.request(1, "resources/subscribe", { uri })).result, {});
    assert.deepEqual(reported(await call(c, 1, "probe__subscriptions"))["subscribed"], [uri]);
    await call(c, 2, "probe__touch", { uri });
    await a.waitFor((m) => m.method === "notifications/resources/updated");
    await b.waitFor((m) => m.method === "notifications/resources/updated");
    assert.equal(c.notifications("notifications/resources/updated").length, 0);
    await a.request(2, "resources/unsubscribe", { uri });
    assert.deepEqual(
      reported(await call(c, 3, "probe__subscriptions"))["subscribed"],
      [uri],
      "b still subscribed",
    );
    await b.request(2, "resources/unsubscribe", { uri });
    assert.deepEqual(reported(await call(c, 4, "probe__subscriptions"))["subscribed"], []);
  });

  test("logging/setLevel is per session: the upstream runs at the most verbose, each session gets its own", async () => {
    const [quiet, loud] = [await session(), await session()];
    await quiet.request(1, "logging/setLevel", { level: "error" });
    await loud.request(1, "logging/setLevel", { level: "debug" });
    const r = await call(loud, 2, "probe__log", { level: "info", data: "hello" });
    assert.equal(reported(r)["upstreamLevel"], "debug");
    await loud.waitFor(
      (m) => m.method === "notifications/message" && m.params?.["data"] === "hello",
    );
    await call(loud, 3, "probe__log", { level: "error", data: "bad" });
    await quiet.waitFor(
      (m) => m.method === "notifications/message" && m.params?.["data"] === "bad",
    );
    assert.equal(
      quiet.notifications("notifications/message").filter((m) => m.params?.["data"] === "hello")
        .length,
      0,
    );
  });

  test("unknown fields, _meta, structuredContent and error data survive the trip", async () => {
    const a = await session();
    const r = await call(
      a,
      1,
      "probe__whoami",
      { x: 1 },
      { progressToken: "t", "example.com/trace": { span: 7 } },
    );
    assert.deepEqual((r.result as Message)["x-probe-extra"], { kept: true });
    const meta = reported(r)["meta"] as Record<string, unknown>;
    assert.deepEqual(meta["example.com/trace"], { span: 7 });
    assert.notEqual(meta["progressToken"], "t", "the upstream sees its own token");
    const failed = await call(a, 2, "probe__fail");
    assert.deepEqual(failed.error, {
      code: -32050,
      message: "probe failure",
      data: { detail: [1, 2, 3] },
    });
  });
});
