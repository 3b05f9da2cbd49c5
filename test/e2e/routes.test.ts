/** Routing rules from the config: hide, rename, per-client views, and sending calls to another server. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers, single } from "../helpers/paths.ts";
import { RawSession, reported } from "../helpers/raw-session.ts";

let mux: Served;
const sessions: RawSession[] = [];

before(async () => {
  mux = await serve({
    servers: {
      primary: single(servers.probe()),
      backup: single(servers.probe()),
      everything: servers.everything(),
    },
    routes: [
      { match: { tool: "everything__get-env" }, hide: true },
      { match: { tool: "everything__echo", client: "restricted*" }, hide: true },
      { match: { tool: "primary__recall", method: "tools/call" }, server: "backup" },
      { match: { tool: "primary__whoami" }, rename: "who" },
    ],
  });
});

after(async () => {
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  await mux.stop();
});

async function open(name: string): Promise<RawSession> {
  const s = await RawSession.open(mux.url, "http", {}, name);
  sessions.push(s);
  return s;
}

async function toolNames(s: RawSession, id: string): Promise<string[]> {
  const r = await s.request(id, "tools/list");
  return (r.result?.["tools"] as Array<{ name: string }>).map((t) => t.name);
}

test("a hidden tool is not listed and cannot be called", async () => {
  const s = await open("anyone");
  assert.ok(!(await toolNames(s, "l1")).includes("everything__get-env"));
  const r = await s.request("c1", "tools/call", { name: "everything__get-env", arguments: {} });
  assert.match(JSON.stringify(r.error), /Unknown tool: everything__get-env/);
});

test("a renamed tool is listed and called by its new name only", async () => {
  const s = await open("anyone");
  const names = await toolNames(s, "l2");
  assert.ok(names.includes("who") && !names.includes("primary__whoami"));
  const r = await s.request("c2", "tools/call", { name: "who", arguments: {} });
  assert.equal(typeof reported(r)["pid"], "number");
  const old = await s.request("c3", "tools/call", { name: "primary__whoami", arguments: {} });
  assert.match(JSON.stringify(old.error), /Unknown tool/);
});

test("a rule for some clients leaves the others' view alone", async () => {
  const restricted = await open("restricted-bot");
  const other = await open("claude-code");
  assert.ok(!(await toolNames(restricted, "l3")).includes("everything__echo"));
  assert.ok((await toolNames(other, "l4")).includes("everything__echo"));
  const refused = await restricted.request("c4", "tools/call", {
    name: "everything__echo",
    arguments: { message: "x" },
  });
  assert.match(JSON.stringify(refused.error), /Unknown tool/);
});

test("a server rule sends the call to another server under the same original name", async () => {
  const s = await open("anyone");
  const backupPid = reported(
    await s.request("c5", "tools/call", { name: "backup__whoami", arguments: {} }),
  )["pid"];
  const primaryPid = reported(await s.request("c6", "tools/call", { name: "who", arguments: {} }))[
    "pid"
  ];
  assert.notEqual(backupPid, primaryPid);
  await s.request("c7", "tools/call", {
    name: "backup__remember",
    arguments: { value: "kept by backup" },
  });
  const redirected = reported(
    await s.request("c8", "tools/call", { name: "primary__recall", arguments: {} }),
  );
  assert.equal(redirected["value"], "kept by backup");
  assert.equal(redirected["pid"], backupPid, "the call ran in backup's process");
});
