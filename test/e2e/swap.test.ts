/**
 * The swap primitive, used in-process as the hot-reload work will: a server
 * is replaced ten times while eight sessions call it without pause, and no
 * call fails. Real probe server processes; the sessions are in-process
 * clients of the hub.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateConfig } from "../../src/config/load.ts";
import { Hub } from "../../src/core/hub.ts";
import { InProcessClient } from "../helpers/in-process.ts";
import { servers } from "../helpers/paths.ts";

test("ten swaps while eight sessions call continuously: zero failed calls", async () => {
  const probe = { ...servers.probe(), pool: { min: 1, max: 2 } };
  const hub = new Hub(
    validateConfig({ servers: { probe } }, "swap-test", process.env),
    process.env,
  );
  await hub.start();
  const clients = Array.from({ length: 8 }, () => new InProcessClient(hub));
  for (const c of clients)
    await c.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "swap", version: "1" },
    });
  // State the new instances must be given: a subscription and a log level.
  const first = clients[0]!;
  assert.equal(
    (await first.request("resources/subscribe", { uri: "probe://static" })).error,
    undefined,
  );
  assert.equal((await first.request("logging/setLevel", { level: "debug" })).error, undefined);
  let running = true;
  const failures: unknown[] = [];
  const pids = new Set<unknown>();
  let calls = 0;
  const loops = clients.map(async (c) => {
    for (let i = 0; running && i < 100_000; i++) {
      const r = await c.request("tools/call", { name: "probe__whoami", arguments: {} });
      calls++;
      if (r.error !== undefined) failures.push(r.error);
      else pids.add((r.result?.["structuredContent"] as { pid?: number } | undefined)?.pid);
    }
  });
  try {
    for (let generation = 1; generation <= 10; generation++) {
      await hub.swap("probe", { ...probe, env: { PROBE_GENERATION: String(generation) } });
    }
    running = false;
    await Promise.all(loops);
    const report = async (tool: string) =>
      (await first.request("tools/call", { name: tool, arguments: { level: "info" } })).result?.[
        "structuredContent"
      ] as Record<string, unknown>;
    assert.deepEqual(
      (await report("probe__subscriptions"))["subscribed"],
      ["probe://static"],
      "the subscription moved with the swap",
    );
    assert.equal(
      (await report("probe__log"))["upstreamLevel"],
      "debug",
      "the log level moved with the swap",
    );
  } finally {
    running = false;
    await Promise.all(loops);
    await hub.stop();
  }
  assert.deepEqual(failures, []);
  assert.ok(calls > 80, `calls kept flowing: ${calls}`);
  assert.ok(pids.size >= 10, `served by the processes of every generation: ${pids.size} pids`);
});
