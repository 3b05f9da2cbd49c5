/**
 * A plugin edited while it serves, as its author lives it, through the
 * shared daemon and shim sessions: an edit to the plugin or to a module it
 * imports swaps it to the new code with no failed call, and a call in
 * flight finishes on the old code; a save that does not load leaves the
 * last good code serving and shows its error (file:line:col) in status; a
 * handler stuck in `while (true) {}` times its call out, other servers keep
 * answering, and the instance is replaced.
 */
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DaemonRun, saveByRename } from "../helpers/daemon-run.ts";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { servers, tempDir, TEST_LIST_WAIT_MS } from "../helpers/paths.ts";
import type { Message, RawSession } from "../helpers/raw-session.ts";

const SESSIONS = 4;

/** The plugin's source: its version string lives in an imported module, as real plugins split code. */
function pluginSource(extra = ""): string {
  return `import { definePlugin } from "mcpmux";
import * as v from "valibot";
import { VERSION } from "./lib/version.ts";

export default definePlugin({
  name: "counter",
  version: "1.0.0",
  tools: {
    version: { description: "The code's version", input: v.object({}), handler: () => VERSION },
    slow: {
      description: "Answers the version after ms milliseconds",
      input: v.object({ ms: v.number() }),
      handler: async ({ ms }) => {
        await new Promise((r) => setTimeout(r, ms));
        return VERSION;
      },
    },
    spin: { description: "Never returns", input: v.object({}), handler: () => { while (true) {} } },
  },
});
${extra}`;
}

const textOf = (reply: Message): string | undefined =>
  (reply.result as { content?: Array<{ text?: string }> } | undefined)?.content?.[0]?.text;

describe("plugin hot reload", () => {
  const dir = tempDir();
  const pluginFile = join(dir, "plugins/counter.ts");
  const versionFile = join(dir, "plugins/lib/version.ts");
  const configFile = join(dir, "mcp.config.json");
  const daemon = new DaemonRun(configFile, FROM_SOURCES);
  const sessions: RawSession[] = [];
  const setVersion = (v: string) =>
    saveByRename(versionFile, `export const VERSION = ${JSON.stringify(v)};\n`);

  before(async () => {
    mkdirSync(join(dir, "plugins/lib"), { recursive: true });
    setVersion("v1");
    writeFileSync(pluginFile, pluginSource());
    writeFileSync(
      configFile,
      JSON.stringify({
        servers: {
          plug: { plugin: "./plugins/counter.ts", requestTimeout: 5000, pool: { max: 1 } },
          probe: { ...servers.probe(), pool: { max: 1 } },
        },
        daemon: { idleTimeout: 0 },
        listWait: TEST_LIST_WAIT_MS,
      }),
    );
    for (let i = 0; i < SESSIONS; i++) {
      const session = await daemon.session(`author-${i}`);
      await session.request("list", "tools/list", {}, 60_000);
      sessions.push(session);
    }
  });

  after(async () => {
    if (process.env["MCPMUX_TEST_LOG"] !== undefined) process.stderr.write(daemon.log());
    await daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("edits under load: new calls get the new code, a call in flight finishes on the old, none fails", async () => {
    const answers: string[] = [];
    const bySession: string[][] = sessions.map(() => []);
    const failures: string[] = [];
    let stop = false;
    const loops = sessions.map(async (session, i) => {
      const deadline = Date.now() + 120_000;
      for (let n = 0; n < 50_000 && !stop && Date.now() < deadline; n++) {
        const reply = await session.request(`${i}-${n}`, "tools/call", {
          name: "plug__version",
          arguments: {},
        });
        const text = textOf(reply);
        if (reply.error !== undefined || text === undefined) failures.push(JSON.stringify(reply));
        else {
          answers.push(text);
          bySession[i]!.push(text);
        }
      }
    });
    const until = async (version: string) => {
      const deadline = Date.now() + 60_000;
      while (answers.at(-1) !== version && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(answers.at(-1), version, `the new code (${version}) never answered`);
    };
    try {
      await until("v1");
      // A slow call starts on v1, then the imported module is edited: it still answers v1.
      const inFlight = sessions[0]!.request("slow", "tools/call", {
        name: "plug__slow",
        arguments: { ms: 4000 },
      });
      await new Promise((r) => setTimeout(r, 300));
      setVersion("v2");
      await until("v2");
      assert.equal(textOf(await inFlight), "v1", "the call in flight finished on the old code");
      // The plugin file itself, edited twice in a row.
      writeFileSync(pluginFile, pluginSource("// edited once"));
      setVersion("v3");
      await until("v3");
    } finally {
      stop = true;
      await Promise.all(loops);
    }
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} calls failed`);
    assert.ok(answers.length > 50, `calls kept flowing: ${answers.length}`);
    // Each session's calls (one after another) only move forward: once it got newer code, never older.
    const order = ["v1", "v2", "v3"];
    for (const mine of bySession) {
      let highest = 0;
      for (const a of mine) {
        assert.ok(order.indexOf(a) >= highest, `${a} answered after ${order[highest]}`);
        highest = Math.max(highest, order.indexOf(a));
      }
    }
  });

  test("a save that does not load leaves the last good code serving and shows where it broke", async () => {
    const at = Date.now();
    writeFileSync(pluginFile, pluginSource().replace("tools: {", "tools: {{"));
    const s = await daemon.settled(at, true);
    assert.match(s.config.lastReload?.error ?? "", /plugins\/counter\.ts:\d+:\d+/);
    // It stays in status even after a reload of the config that changes nothing.
    await daemon.mcpmux("reload");
    const after = await daemon.status();
    assert.match(after.config.brokenPlugins["plug"] ?? "", /plugins\/counter\.ts:\d+:\d+/);
    assert.match((await daemon.mcpmux("status")).stdout, /plugin plug does not load/);
    const reply = await sessions[1]!.request("after-broken", "tools/call", {
      name: "plug__version",
      arguments: {},
    });
    assert.equal(textOf(reply), "v3");
    const fixed = Date.now();
    writeFileSync(pluginFile, pluginSource());
    setVersion("v4");
    const good = await daemon.settled(fixed);
    assert.equal(good.config.lastReload?.error, null);
    assert.deepEqual(good.config.brokenPlugins, {});
  });

  test("a handler stuck in a loop times its call out, other servers answer, and the instance is replaced", async () => {
    const [first] = daemon.pidsOf(await daemon.status(), "plug");
    const started = Date.now();
    const spin = sessions[2]!.request("spin", "tools/call", { name: "plug__spin", arguments: {} });
    await new Promise((r) => setTimeout(r, 300));
    const probe = await sessions[3]!.request("probe", "tools/call", {
      name: "probe__whoami",
      arguments: {},
    });
    assert.equal(probe.error, undefined, "another server answers while the plugin spins");
    const timedOut = await spin;
    assert.match(JSON.stringify(timedOut.error), /did not answer tools\/call within 5000 ms/);
    assert.ok(Date.now() - started < 15_000);
    // The ping after the timeout finds the host stuck: a new instance replaces it.
    const deadline = Date.now() + 30_000;
    let version: string | undefined;
    let pids: number[] = [];
    while (Date.now() < deadline) {
      pids = daemon.pidsOf(await daemon.status(), "plug");
      if (pids.length > 0 && !pids.includes(first!)) {
        const reply = await sessions[2]!.request(`v-${Date.now()}`, "tools/call", {
          name: "plug__version",
          arguments: {},
        });
        version = textOf(reply);
        if (version !== undefined) break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(!pids.includes(first!), `the stuck instance ${first} was replaced: ${pids}`);
    assert.equal(version, "v4");
  });
});
