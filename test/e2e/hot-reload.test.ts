/**
 * Hot reload of `mcp.config.ts` as a user lives it: a shared daemon with
 * eight shim sessions calling tools without pause while the test edits the
 * config on disk (and a file it imports): add a server, change one server's
 * args, change a route, change a pool size, save a broken config, fix it,
 * remove a server. Afterwards: no call failed (but calls to the removed
 * server after its removal, which the sessions stop making), unchanged
 * servers kept their processes, the broken save changed nothing and showed
 * in `status --json`, and each session heard `tools/list_changed` exactly
 * when the tools it can see changed. Run on Node from sources, on Bun, and
 * through the compiled binary.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildBinary } from "../../scripts/build.ts";
import { DaemonRun, saveByRename, type DaemonStatus } from "../helpers/daemon-run.ts";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { CLI, ROOT, servers, tempDir, TEST_LIST_WAIT_MS } from "../helpers/paths.ts";
import { reported, type Message, type RawSession } from "../helpers/raw-session.ts";
const SESSIONS = 8;
const TOOLS_CHANGED = "notifications/tools/list_changed";

interface ServerEntry {
  command: string;
  args: string[];
  pool?: object;
}

/** The config as the test edits it: `extra.ts` holds one server, imported by the config. */
interface Shape {
  servers: Record<string, ServerEntry>;
  extra: Record<string, ServerEntry>;
  routes: object[];
}

function writeShape(dir: string, shape: Shape): void {
  // The imported file first, then the config, each saved the way many editors do: temp file, rename.
  saveByRename(
    join(dir, "extra.ts"),
    `export const extra = ${JSON.stringify(shape.extra, null, 2)};\n`,
  );
  saveByRename(
    join(dir, "mcp.config.ts"),
    [
      `import { defineConfig } from "mcpmux";`,
      `import { extra } from "./extra.ts";`,
      `export default defineConfig({`,
      `  servers: { ...${JSON.stringify(shape.servers, null, 2)}, ...extra },`,
      `  routes: ${JSON.stringify(shape.routes)},`,
      `  daemon: { idleTimeout: 0 },`,
      `  listWait: ${TEST_LIST_WAIT_MS},`,
      `});`,
      ``,
    ].join("\n"),
  );
}

interface CallRecord {
  tool: string;
  error?: string;
}

function scenario(label: string, launcher: () => string[]) {
  const dir = tempDir();
  const configFile = join(dir, "mcp.config.ts");
  let daemon: DaemonRun;
  before(() => {
    daemon = new DaemonRun(configFile, launcher());
  });
  const sessions: RawSession[] = [];
  const mcpmux = (...args: string[]) => daemon.mcpmux(...args);
  const status = () => daemon.status();
  const pidsOf = (s: DaemonStatus, server: string) => daemon.pidsOf(s, server);
  const settled = (at: number, wantError = false) => daemon.settled(at, wantError);

  after(async () => {
    await daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${label}: eight sessions keep working through seven edits of the config`, async () => {
    const probe = servers.probe();
    const shape: Shape = {
      servers: {
        keep: { ...probe, pool: { max: 1 } },
        change: { ...probe, pool: { max: 1 } },
        gone: { ...probe, pool: { max: 1 } },
      },
      extra: {},
      routes: [],
    };
    writeShape(dir, shape);
    for (let i = 0; i < SESSIONS; i++) {
      const session = await daemon.session(`session-${i}`);
      await session.request("list", "tools/list", {}, 60_000);
      sessions.push(session);
    }
    const first = await status();
    const keepPids = pidsOf(first, "keep");
    assert.equal(keepPids.length, 1);

    // Every session calls without pause, in a loop bounded in count and time.
    const calls: CallRecord[] = [];
    const targets = new Set(["keep", "change", "gone"]);
    let stop = false;
    const loops = sessions.map(async (session, i) => {
      const deadline = Date.now() + 240_000;
      for (let n = 0; n < 100_000 && !stop && Date.now() < deadline; n++) {
        for (const server of [...targets]) {
          const reply = await session.request(`${i}-${n}-${server}`, "tools/call", {
            name: `${server}__whoami`,
            arguments: {},
          });
          const failed =
            reply.error !== undefined ||
            (reply.result as { isError?: boolean } | undefined)?.isError === true;
          calls.push(
            failed
              ? { tool: server, error: JSON.stringify(reply.error ?? reply.result) }
              : { tool: server },
          );
        }
      }
    });
    try {
      const edit = async (change: () => void, wantError = false): Promise<DaemonStatus> => {
        const at = Date.now();
        change();
        writeShape(dir, shape);
        const s = await settled(at, wantError);
        await new Promise((r) => setTimeout(r, 300)); // calls keep flowing in the new world
        return s;
      };
      const notified = () => sessions.map((s) => s.notifications(TOOLS_CHANGED).length);
      const expectTools = async (counts: number[], why: string) => {
        await new Promise((r) => setTimeout(r, 200)); // list_changed is coalesced over 20 ms
        assert.deepEqual(notified(), counts, why);
      };
      const zero = notified();
      assert.deepEqual(zero, Array(SESSIONS).fill(0));

      // 1. Add a server, through the imported file.
      let s = await edit(() => (shape.extra = { added: { ...probe, pool: { max: 1 } } }));
      assert.match(s.config.lastReload?.summary ?? "", /added added/);
      targets.add("added");
      const addedPids = pidsOf(s, "added");
      await expectTools(Array(SESSIONS).fill(1), "adding a server changes the tools");

      // 2. Change one server's args: a new process, same tools, so no list_changed.
      const changeBefore = pidsOf(s, "change");
      s = await edit(
        () =>
          (shape.servers["change"] = { ...probe, args: [...probe.args, "--v2"], pool: { max: 1 } }),
      );
      assert.match(s.config.lastReload?.summary ?? "", /swapped change/);
      const changePids = pidsOf(s, "change");
      assert.notDeepEqual(changePids, changeBefore);
      await expectTools(Array(SESSIONS).fill(1), "a swap with the same tools announces nothing");

      // 3. A route that hides a tool: tools changed for every session.
      s = await edit(() => (shape.routes = [{ match: { tool: "added__crash" }, hide: true }]));
      assert.match(s.config.lastReload?.summary ?? "", /routes/);
      await expectTools(Array(SESSIONS).fill(2), "a hidden tool changes the tools");

      // 4. A pool size: applied in place, same process.
      s = await edit(() => (shape.servers["keep"] = { ...probe, pool: { max: 2 } }));
      assert.match(s.config.lastReload?.summary ?? "", /changed in place keep/);
      assert.ok(pidsOf(s, "keep").includes(keepPids[0]!), "keep kept its process");

      // 5. A broken save changes nothing and shows in status.
      const generation = s.config.generation;
      const at = Date.now();
      writeFileSync(configFile, `export default defineConfig({ servers: { oops: ) });\n`);
      s = await settled(at, true);
      assert.match(s.config.lastReload?.error ?? "", /mcp\.config\.ts/);
      assert.equal(s.config.generation, generation);
      assert.equal(s.servers.length, 4);

      // 6. Fixed: the error goes, and nothing else changes (it is the config that runs).
      s = await edit(() => undefined);
      assert.equal(s.config.lastReload?.error, null);
      assert.equal(s.config.generation, generation);

      // 7. Remove a server: the sessions stop calling it first.
      targets.delete("gone");
      await new Promise((r) => setTimeout(r, 200));
      s = await edit(() => delete shape.servers["gone"]);
      assert.match(s.config.lastReload?.summary ?? "", /removed gone/);
      assert.equal(
        s.servers.find((x) => x.name === "gone"),
        undefined,
      );
      await expectTools(Array(SESSIONS).fill(3), "removing a server changes the tools");
      // Servers no edit touched since they started kept their processes throughout.
      assert.deepEqual(pidsOf(s, "added"), addedPids);
      assert.deepEqual(pidsOf(s, "change"), changePids);
    } finally {
      stop = true;
      await Promise.all(loops);
    }
    const failed = calls.filter((c) => c.error !== undefined);
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} of ${calls.length} calls failed`);
    assert.ok(calls.length > SESSIONS * 20, `only ${calls.length} calls were made`);
    const keepNow = pidsOf(await status(), "keep");
    assert.ok(keepNow.includes(keepPids[0]!), "keep kept its process");
    const gone = await sessions[0]!.request("gone", "tools/call", {
      name: "gone__whoami",
      arguments: {},
    });
    assert.match(JSON.stringify(gone.error), /Unknown tool: gone__whoami/);
    const who = reported(
      (await sessions[0]!.request("who", "tools/call", {
        name: "keep__whoami",
        arguments: {},
      })) as Message,
    );
    assert.ok(keepNow.includes(who["pid"] as number), "keep answers from its own processes");
  });

  test(`${label}: mcpmux reload applies on demand and says what it did`, async () => {
    const { stderr } = await mcpmux("reload");
    assert.match(stderr, /reloaded .*mcp\.config\.ts: no change/);
    writeFileSync(configFile, "export default { servers: 5 };\n");
    await assert.rejects(mcpmux("reload"), (err: { stderr: string; code: number }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /servers: expected an object of servers/);
      return true;
    });
  });
}

const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

describe("hot reload of mcp.config.ts", () => {
  scenario("Node from sources", () => FROM_SOURCES);
  scenario("Bun from sources", () => [bin("bun"), CLI]);
  describe("the compiled binary", () => {
    const outDir = tempDir("mcpmux-dist-");
    const binary = join(outDir, "mcpmux");
    before(() => buildBinary(binary));
    after(() => rmSync(outDir, { recursive: true, force: true }));
    scenario("compiled binary", () => [binary]);
  });
});
