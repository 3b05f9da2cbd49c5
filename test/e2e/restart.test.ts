/**
 * Sessions survive their daemon: when it is SIGKILLed, or replaced by
 * `mcpmux restart`, each shim reconnects to a new daemon and replays what its
 * client did (initialize with its own clientInfo, initialized, its log
 * level, its subscriptions), so the client goes on without initializing
 * again. A call in flight at that moment gets an error; nothing else
 * reaches the client (no second initialize answer, none of the shim's own
 * replayed requests' answers).
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { DaemonRun } from "../helpers/daemon-run.ts";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { servers, single, writeConfig } from "../helpers/paths.ts";
import { eventually } from "../helpers/proc.ts";
import { isAlive } from "../helpers/processes.ts";
import { reported, type Message, type RawSession } from "../helpers/raw-session.ts";

const runs: DaemonRun[] = [];
after(async () => {
  for (const run of runs) await run.close();
});

let ids = 0;
const nextId = (what: string): string => `${what}-${++ids}`;

async function call(session: RawSession, name: string, args: object = {}): Promise<Message> {
  return session.request(nextId(name), "tools/call", { name: `probe__${name}`, arguments: args });
}

async function daemonState(run: DaemonRun): Promise<{ pid: number; clients: string[] }> {
  const status = (await run.status()) as unknown as {
    pid: number;
    sessions: Array<{ client: string }>;
  };
  return { pid: status.pid, clients: status.sessions.map((s) => s.client).sort() };
}

/** Waits (bounded) until a daemon other than `old` serves `count` sessions. */
async function reconnected(run: DaemonRun, old: number, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await daemonState(run).catch((err: Error) => err.message);
    const state = last as { pid?: number; clients?: string[] };
    if (state.pid !== undefined && state.pid !== old && state.clients?.length === count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the sessions did not come back: ${JSON.stringify(last)}`);
}

/**
 * N shim sessions with a subscription each and a log level on the first;
 * `replace` kills or replaces the daemon while a call is in flight; then
 * every session must work as before.
 */
async function survives(count: number, replace: (run: DaemonRun, pid: number) => Promise<void>) {
  const run = new DaemonRun(
    writeConfig({ servers: { probe: single(servers.probe()) } }),
    FROM_SOURCES,
  );
  runs.push(run);
  const names = Array.from({ length: count }, (_, i) => `client-${i}`);
  const sessions = await Promise.all(names.map((n) => run.session(n, { sampling: {} })));
  const oldServer = reported(await call(sessions[0]!, "whoami"))["pid"] as number;
  for (const [i, s] of sessions.entries()) {
    const sub = await s.request(nextId("sub"), "resources/subscribe", { uri: `probe://item/${i}` });
    assert.deepEqual(sub.result, {}, JSON.stringify(sub));
  }
  const level = await sessions[0]!.request(nextId("level"), "logging/setLevel", { level: "debug" });
  assert.deepEqual(level.result, {});
  const before = await daemonState(run);
  assert.equal(before.clients.length, count);

  // A call in flight when the daemon goes (the probe sleeps 20 s, so only the loss can end it).
  const inFlight = call(sessions[count - 1]!, "sleep", { ms: 20_000 });
  await new Promise((r) => setTimeout(r, 500));
  await replace(run, before.pid);

  const lost = await inFlight;
  assert.ok(lost.error !== undefined, `the call in flight gets an error: ${JSON.stringify(lost)}`);
  assert.match(String(lost.error["message"]), /daemon went away/);
  // Each shim notices the loss on its own: a request written to the dead socket
  // before it does is in flight too (and gets the same error), so wait for all.
  await reconnected(run, before.pid, count);

  // Every session keeps working, without initializing again.
  const pids = await Promise.all(sessions.map(async (s) => reported(await call(s, "whoami"))));
  const newServer = pids[0]!["pid"] as number;
  assert.ok(
    pids.every((p) => p["pid"] === newServer),
    "one new server serves them all",
  );
  assert.notEqual(newServer, oldServer, "the new daemon runs its own server");
  const after = await daemonState(run);
  assert.notEqual(after.pid, before.pid, "a new daemon");
  assert.deepEqual(
    after.clients,
    before.clients,
    "each session is back, with its client's own clientInfo",
  );
  assert.equal(isAlive(before.pid), false, "the old daemon is gone");
  const oldGone = await eventually(
    () => isAlive(oldServer),
    (a) => !a,
    5000,
  );
  assert.equal(oldGone, false, "the old daemon's server is gone");

  // Subscriptions and the log level reached the new server.
  const subscribed = reported(await call(sessions[1]!, "subscriptions"))["subscribed"];
  assert.deepEqual(
    subscribed,
    names.map((_, i) => `probe://item/${i}`),
  );
  const logged = reported(await call(sessions[0]!, "log", { level: "info", data: "after" }));
  assert.equal(logged["upstreamLevel"], "debug", "the replayed log level reached the server");
  await sessions[0]!.waitFor(
    (m) => m.method === "notifications/message" && m.params?.["data"] === "after",
  );
  const last = count - 1;
  const touched = await call(sessions[0]!, "touch", { uri: `probe://item/${last}` });
  assert.ok(touched.result !== undefined);
  await sessions[last]!.waitFor(
    (m) =>
      m.method === "notifications/resources/updated" &&
      m.params?.["uri"] === `probe://item/${last}`,
  );

  // Nothing else reached the clients.
  for (const s of sessions) {
    const answers = s.received.filter((m) => m.method === undefined);
    assert.equal(answers.filter((m) => m.id === "init").length, 1, "one initialize answer");
    assert.deepEqual(
      answers.filter((m) => typeof m.id !== "string" || !/^(init|[a-z-]+-\d+)$/.test(m.id)),
      [],
      "only answers to the client's own requests",
    );
    assert.deepEqual(
      s.received.filter((m) => typeof m.method === "string" && m.method.startsWith("mcpmux")),
      [],
    );
  }
}

describe("sessions survive a daemon restart", () => {
  test("a daemon SIGKILLed under 4 attached shims: each session goes on", async () => {
    await survives(4, async (_run, pid) => {
      process.kill(pid, "SIGKILL");
    });
  });

  test("mcpmux restart under 2 shims replaces the daemon without ending a session", async () => {
    await survives(2, async (run, pid) => {
      const { stderr } = await run.mcpmux("restart");
      assert.match(stderr, new RegExp(`restarted the daemon .*\\(pid ${pid} -> \\d+\\)`));
    });
  });

  test("mcpmux restart with no daemon running says so and is not an error", async () => {
    const run = new DaemonRun(
      writeConfig({ servers: { probe: single(servers.probe()) } }),
      FROM_SOURCES,
    );
    runs.push(run);
    const { stderr } = await run.mcpmux("restart");
    assert.match(stderr, /no daemon is running/);
  });
});
