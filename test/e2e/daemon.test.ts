/**
 * One shared daemon for every `mcpmux stdio` shim: servers run once, however
 * many sessions attach; ten shims starting at once start one daemon; a daemon
 * killed with SIGKILL leaves no server behind, and the next shim brings up a
 * new one. Each run gets its own runtime dir and a marker in the environment
 * to find (and finally kill) every process it made.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import type { Client } from "@modelcontextprotocol/client";
import { FROM_SOURCES, newClient, stdioTransport } from "../helpers/mux.ts";
import { ROOT, servers, tempDir, writeConfig, single } from "../helpers/paths.ts";
import { eventually, killAll, processesWithMarker, isolatedEnv } from "../helpers/proc.ts";
import { locate } from "../../src/daemon/locations.ts";

const run = promisify(execFile);
const marker = `mcpmux-test-${randomUUID()}`;
const env = isolatedEnv(marker);
const files = tempDir("mcpmux-fs-");
const configFile = writeConfig({
  servers: {
    // One instance each (pool.max 1): this is about sharing, not scaling.
    everything: single(servers.everything()),
    memory: single(servers.memory(join(tempDir(), "memory.jsonl"))),
    filesystem: single(servers.filesystem(files)),
  },
});
const where = locate(configFile, env);
const clients: Client[] = [];

const SERVER_SCRIPT = /server-(everything|memory|filesystem)\/dist\/index\.js/;
const serverProcesses = () =>
  processesWithMarker(marker).filter((p) => SERVER_SCRIPT.test(p.cmdline));
const daemons = () =>
  processesWithMarker(marker).filter((p) => / daemon --config /.test(p.cmdline));
const daemonPid = () => Number(readFileSync(where.pidFile, "utf8"));

async function shim(name: string): Promise<Client> {
  const client = newClient(name);
  await client.connect(stdioTransport(configFile, FROM_SOURCES, { standalone: false, env }));
  clients.push(client);
  return client;
}

function mcpmux(...args: string[]) {
  return run(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args, "--config", configFile],
    { env, cwd: ROOT, timeout: 30_000 },
  );
}

async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
}

after(async () => {
  await closeAll();
  await mcpmux("stop").catch(() => undefined);
  killAll(marker);
});

describe("the shared daemon", () => {
  test("ten shims starting at once with no daemon start exactly one", async () => {
    const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => shim(`race-${i}`)));
    const echoes = await Promise.all(
      ten.map((c, i) =>
        c.callTool({ name: "everything__echo", arguments: { message: `race ${i}` } }),
      ),
    );
    echoes.forEach((r, i) =>
      assert.deepEqual(r.content, [{ type: "text", text: `Echo: race ${i}` }]),
    );
    assert.equal(daemons().length, 1, JSON.stringify(daemons()));
    await closeAll();
  });

  test("twenty shim sessions share three server processes, each getting its own answers", async () => {
    const twenty = await Promise.all(Array.from({ length: 20 }, (_, i) => shim(`session-${i}`)));
    const results = await Promise.all(
      twenty.map(async (c, i) => {
        const echo = await c.callTool({
          name: "everything__echo",
          arguments: { message: `from ${i}` },
        });
        await c.callTool({
          name: "memory__create_entities",
          arguments: { entities: [{ name: `e${i}`, entityType: "t", observations: [] }] },
        });
        const dirs = await c.callTool({
          name: "filesystem__list_allowed_directories",
          arguments: {},
        });
        return { echo, dirs };
      }),
    );
    results.forEach(({ echo, dirs }, i) => {
      assert.deepEqual(echo.content, [{ type: "text", text: `Echo: from ${i}` }]);
      assert.match(JSON.stringify(dirs.content), new RegExp(files.split("/").pop() ?? "x"));
    });
    const graph = await twenty[0]!.callTool({ name: "memory__read_graph", arguments: {} });
    for (let i = 0; i < 20; i++) assert.match(JSON.stringify(graph), new RegExp(`"e${i}"`));
    const procs = serverProcesses();
    assert.equal(
      procs.length,
      3,
      `3 server processes, not 60: ${procs.map((p) => p.cmdline).join("\n")}`,
    );
    assert.equal(daemons().length, 1);
    const status = JSON.parse((await mcpmux("status", "--json")).stdout) as {
      servers: Array<{ name: string; instances: Array<{ pid: number }> }>;
      sessions: Array<{ client: string; transport: string }>;
    };
    assert.deepEqual(
      status.servers.map((s) => s.name),
      ["everything", "memory", "filesystem"],
    );
    assert.deepEqual(
      status.servers.map((s) => s.instances[0]?.pid).sort(),
      procs.map((p) => p.pid).sort(),
    );
    assert.equal(status.sessions.length, 20);
    assert.ok(
      status.sessions.every((s) => s.transport === "socket" && s.client.startsWith("session-")),
    );
  });

  test("across shims, sampling goes to the session whose call caused it", async () => {
    const pair = await Promise.all(
      ["left", "right"].map(async (name) => {
        const client = newClient(name, { sampling: {} });
        client.setRequestHandler("sampling/createMessage", async () => ({
          role: "assistant",
          model: name,
          content: { type: "text", text: `sampled by ${name}` },
        }));
        await client.connect(stdioTransport(configFile, FROM_SOURCES, { standalone: false, env }));
        clients.push(client);
        return client;
      }),
    );
    const answers = await Promise.all(
      pair.map((c) =>
        c.callTool({
          name: "everything__trigger-sampling-request",
          arguments: { prompt: "hi", maxTokens: 5 },
        }),
      ),
    );
    assert.match(JSON.stringify(answers[0]), /sampled by left/);
    assert.match(JSON.stringify(answers[1]), /sampled by right/);
  });

  test("a daemon killed with SIGKILL leaves no server process, and the next shim starts a new one", async () => {
    await closeAll(); // attached shims would reconnect (see restart.test.ts): none here
    const before = daemonPid();
    assert.equal(serverProcesses().length, 3);
    process.kill(before, "SIGKILL");
    const left = await eventually(serverProcesses, (p) => p.length === 0, 10_000);
    assert.deepEqual(left, [], "every server process is gone");
    const fresh = await shim("after-crash");
    const echo = await fresh.callTool({
      name: "everything__echo",
      arguments: { message: "again" },
    });
    assert.deepEqual(echo.content, [{ type: "text", text: "Echo: again" }]);
    assert.notEqual(daemonPid(), before);
    assert.equal(daemons().length, 1);
  });

  test("mcpmux stop stops the daemon and its servers", async () => {
    await closeAll();
    await mcpmux("stop");
    const left = await eventually(
      () => processesWithMarker(marker).filter((p) => !p.cmdline.startsWith("/bin/sh")),
      (p) => p.length === 0,
      10_000,
    );
    assert.deepEqual(left, []);
    await assert.rejects(mcpmux("status"), /no daemon is running/);
  });
});
