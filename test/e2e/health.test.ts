/**
 * Health and circuit breakers with real server processes doing what broken
 * servers do: hang on every call, freeze (SIGSTOP), die mid-call (SIGKILL),
 * or answer with errors of their own (which is not a failure).
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { validateConfig } from "../../src/config/load.ts";
import { Hub } from "../../src/core/hub.ts";
import { statusReport, type InstanceStatus } from "../../src/core/status.ts";
import type { RpcResponse } from "../../src/protocol/jsonrpc.ts";
import { InProcessClient } from "../helpers/in-process.ts";
import { servers, tempDir } from "../helpers/paths.ts";
import { eventually } from "../helpers/proc.ts";

const hubs: Hub[] = [];
after(() => Promise.all(hubs.map((h) => h.stop())));

async function start(server: object): Promise<{ hub: Hub; client: InProcessClient }> {
  const hub = new Hub(
    validateConfig({ servers: { p: server } }, "health-test", process.env),
    process.env,
  );
  hubs.push(hub);
  await hub.start();
  const client = new InProcessClient(hub);
  await client.initialize();
  return { hub, client };
}

const instances = (hub: Hub): InstanceStatus[] =>
  statusReport(hub).servers.find((s) => s.name === "p")?.instances ?? [];
const call = (client: InProcessClient, name: string, args: object = {}) =>
  client.request("tools/call", { name: `p__${name}`, arguments: args });
const pidOf = (reply: RpcResponse) =>
  (reply.result?.["structuredContent"] as { pid?: number } | undefined)?.pid;
const kindOf = (reply: RpcResponse) =>
  (reply.error?.data as { mcpmux?: { kind?: string } } | undefined)?.mcpmux?.kind;

function zombieOrAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").length > 0;
  } catch {
    return false;
  }
}

test("a server that hangs on every call opens its circuit, fails fast, and recovers through half-open once fixed", async () => {
  const hangFile = join(tempDir(), "hang");
  const { hub, client } = await start({
    ...servers.probe(),
    env: { PROBE_HANG_FILE: hangFile },
    requestTimeout: 400,
    pool: { max: 1 },
    health: { failures: 2, cooldown: 1500, interval: 0 },
  });
  try {
    writeFileSync(hangFile, "");
    for (let i = 0; i < 2; i++) assert.equal(kindOf(await call(client, "whoami")), "timeout");
    assert.equal(instances(hub)[0]?.circuit.state, "open");
    const started = Date.now();
    const fast = await call(client, "whoami");
    assert.equal(kindOf(fast), "circuit-open");
    assert.match(fast.error?.message ?? "", /server "p" is failing .*tried again in \d+ s/);
    assert.ok(Date.now() - started < 300, "an open circuit answers at once");

    rmSync(hangFile);
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal(instances(hub)[0]?.circuit.state, "half-open");
    const probe = await call(client, "whoami");
    assert.equal(probe.error, undefined, JSON.stringify(probe.error));
    assert.equal(instances(hub)[0]?.circuit.state, "closed");
  } finally {
    rmSync(hangFile, { force: true });
  }
});

test("a server's own errors are answers, not failures: the circuit stays closed", async () => {
  const { hub, client } = await start({
    ...servers.probe(),
    pool: { max: 1 },
    health: { failures: 2, interval: 0 },
  });
  for (let i = 0; i < 5; i++) {
    const reply = await call(client, "fail");
    assert.equal(reply.error?.code, -32050);
    assert.equal(kindOf(reply), undefined, "the server's error is passed on untouched");
  }
  assert.equal(instances(hub)[0]?.circuit.state, "closed");
});

test("a frozen server (SIGSTOP) is found by the health ping and replaced", async () => {
  const { hub, client } = await start({
    ...servers.probe(),
    pool: { max: 1 },
    health: { interval: 300, timeout: 800 },
  });
  const frozen = pidOf(await call(client, "whoami"));
  assert.ok(frozen !== undefined);
  process.kill(frozen, "SIGSTOP");
  try {
    const replaced = await eventually(
      () => instances(hub)[0]?.pid,
      (pid) => pid !== null && pid !== undefined && pid !== frozen,
      20_000,
    );
    assert.notEqual(replaced, frozen, "a new process serves");
    const reply = await call(client, "whoami");
    assert.equal(pidOf(reply), replaced);
    await eventually(
      () => zombieOrAlive(frozen),
      (alive) => !alive,
      10_000,
    );
    assert.equal(zombieOrAlive(frozen), false, "the frozen process is gone, not a zombie");
  } finally {
    try {
      process.kill(frozen, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
});

test("a server killed (SIGKILL) mid-call: the caller hears within 3 s, a new instance serves, no zombie", async () => {
  const { client } = await start({ ...servers.probe(), pool: { max: 1 } });
  const victim = pidOf(await call(client, "whoami"));
  assert.ok(victim !== undefined);
  const started = Date.now();
  const inFlight = call(client, "sleep", { ms: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  process.kill(victim, "SIGKILL");
  const reply = await inFlight;
  assert.equal(kindOf(reply), "crashed");
  assert.ok(Date.now() - started < 3000, `heard after ${Date.now() - started} ms`);
  // The next call waits for the restarted instance.
  const pid = pidOf(await call(client, "whoami"));
  assert.ok(pid !== undefined && pid !== victim, `served by ${pid}`);
  await eventually(
    () => zombieOrAlive(victim),
    (alive) => !alive,
    5000,
  );
  assert.equal(zombieOrAlive(victim), false);
});

test("with a frozen instance in a pool of two, calls go to the other one while the frozen one is replaced", async () => {
  const { hub, client } = await start({
    ...servers.probe(),
    pool: { min: 2, max: 2 },
    requestTimeout: 1000,
    health: { interval: 300, timeout: 800, failures: 1 },
  });
  await eventually(
    () => instances(hub).filter((i) => i.state === "ready").length,
    (n) => n === 2,
    20_000,
  );
  const [frozen, other] = instances(hub).map((i) => i.pid) as [number, number];
  process.kill(frozen, "SIGSTOP");
  try {
    const answeredBy: Array<number | string> = [];
    for (let i = 0; i < 10; i++) {
      const reply = await call(client, "whoami");
      answeredBy.push(pidOf(reply) ?? kindOf(reply) ?? "?");
    }
    const byOther = answeredBy.filter((p) => p === other).length;
    assert.ok(byOther >= 9, `calls moved to the live instance: ${answeredBy.join(", ")}`);
    await eventually(
      () => instances(hub).map((i) => i.pid),
      (pids) => !pids.includes(frozen) && pids.length === 2,
      20_000,
    );
    assert.ok(!instances(hub).some((i) => i.pid === frozen), "the frozen instance was replaced");
  } finally {
    try {
      process.kill(frozen, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
});

test("a server that answers ping with an error is alive: the health check keeps it", async () => {
  const { hub, client } = await start({
    ...servers.probe(),
    env: { PROBE_NO_PING: "1" },
    pool: { max: 1 },
    health: { interval: 200, timeout: 800 },
  });
  const pid = pidOf(await call(client, "whoami"));
  await new Promise((r) => setTimeout(r, 1500)); // several health sweeps
  assert.equal(instances(hub)[0]?.pid, pid, "not replaced");
  assert.equal(instances(hub)[0]?.circuit.state, "closed");
  assert.equal(instances(hub)[0]?.restarts, 0);
});
