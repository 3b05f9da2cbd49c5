/**
 * The supervisor's decisions with real server processes, in process: a
 * changed server whose new version cannot start keeps its old version (and
 * the rest of the reload applies); an added server that cannot start joins
 * and says why; the error stays in the config state until a good reload.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Config } from "../../src/config/schema.ts";
import { Hub } from "../../src/core/hub.ts";
import { Supervisor } from "../../src/supervisor/supervisor.ts";
import { servers } from "../helpers/paths.ts";

const probe = { ...servers.probe(), pool: { max: 1 } };
let next: Config = { servers: { a: probe } };
const hub = new Hub(next, process.env);
const supervisor = new Supervisor(hub, "in-memory", process.env, {
  load: () => Promise.resolve(next),
  watch: false,
});

after(() => hub.stop());

test("a swap that cannot start keeps the old version; an added server that cannot start says why", async () => {
  await hub.start();
  const running = hub.world.pools.get("a");
  next = {
    servers: {
      a: { command: "/nonexistent/server", pool: { max: 1 } },
      b: { ...probe, env: { B: "1" } },
    },
  };
  const outcome = await supervisor.reload("test");
  assert.equal(outcome.ok, false);
  assert.match(outcome.summary, /^added b; "a" kept its old version: the new one did not start/);
  assert.equal(hub.world.pools.get("a"), running, "the old pool still serves");
  assert.deepEqual(hub.world.config.servers["a"], probe, "the world says what runs");
  assert.ok(hub.world.pools.get("b") !== undefined, "the rest of the reload applied");
  assert.match(hub.configState?.lastReload?.error ?? "", /kept its old version/);

  next = { servers: { ...next.servers, a: probe, c: { command: "/nonexistent/other" } } };
  const added = await supervisor.reload("test");
  assert.equal(added.ok, true);
  assert.match(added.summary, /added c; "c" was added but has not started .*nonexistent/);
  assert.equal(hub.configState?.lastReload?.error, undefined, "a good reload clears the error");
  assert.equal(hub.world.pools.get("a"), running, "a back to what runs: untouched");
});
