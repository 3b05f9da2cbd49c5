/**
 * Failure paths a user meets: bad input, a server that will not start, one
 * that crashes or hangs. Each gives a prompt, clear JSON-RPC error; mcpmux
 * never hangs and never dies, and a crashed server comes back by itself.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { CLI, ROOT, servers, TS_NODE, writeConfig, single } from "../helpers/paths.ts";
import { start, waitForText } from "../helpers/processes.ts";
import { RawSession, reported } from "../helpers/raw-session.ts";

describe("through mcpmux serve", () => {
  let mux: Served;
  let s: RawSession;
  before(async () => {
    mux = await serve({
      servers: {
        probe: single(servers.probe()),
        hasty: single({ ...servers.probe(), requestTimeout: 300 }),
        broken: { command: "/nonexistent/mcp-server-binary" },
      },
    });
    s = await RawSession.open(mux.url, "http");
  });
  after(async () => {
    await s.close().catch(() => undefined);
    await mux.stop();
  });

  test("a server that cannot start does not hold up the others, and is reported on stderr", async () => {
    const started = Date.now();
    const list = await s.request(1, "tools/list");
    const names = (list.result?.["tools"] as Array<{ name: string }>).map((t) => t.name);
    assert.ok(names.includes("probe__whoami"));
    assert.ok(!names.some((n) => n.startsWith("broken__")));
    assert.ok(Date.now() - started < 10_000);
    assert.match(
      mux.stderr(),
      /server broken: failed to start: could not start `\/nonexistent\/mcp-server-binary`/,
    );
  });

  test("a call to a server that is down names the server and why, not an unknown tool", async () => {
    const r = await s.request(20, "tools/call", { name: "broken__anything", arguments: {} });
    const error = r.error as { code: number; message: string; data?: { mcpmux?: object } };
    assert.match(error.message, /server "broken" is down/);
    assert.match(error.message, /could not start `\/nonexistent\/mcp-server-binary`/);
    assert.deepEqual(error.data?.mcpmux, { kind: "unavailable", server: "broken" });
    // A name that matches no server's prefix is still simply unknown.
    const other = await s.request(21, "tools/call", { name: "brokenish_x", arguments: {} });
    assert.match((other.error as { message: string }).message, /Unknown tool: brokenish_x/);
  });

  test("unknown tools, prompts, resources and methods get the right JSON-RPC errors", async () => {
    const tool = await s.request(2, "tools/call", { name: "nope__x", arguments: {} });
    assert.equal((tool.error as { code: number }).code, -32602);
    const prompt = await s.request(3, "prompts/get", { name: "nope" });
    assert.equal((prompt.error as { code: number }).code, -32602);
    const resource = await s.request(4, "resources/read", { uri: "nowhere://x" });
    assert.equal((resource.error as { code: number }).code, -32002);
    const method = await s.request(5, "no/such/method");
    assert.equal((method.error as { code: number }).code, -32601);
    const cursor = await s.request(6, "tools/list", { cursor: "not-a-cursor" });
    assert.equal((cursor.error as { code: number }).code, -32602);
  });

  test("a server that does not answer in time gives a timeout error, and is told to stop", async () => {
    const started = Date.now();
    const r = await s.request(7, "tools/call", { name: "hasty__sleep", arguments: { ms: 3000 } });
    assert.equal((r.error as { code: number }).code, -32001);
    assert.match(
      (r.error as { message: string }).message,
      /did not answer tools\/call within 300 ms/,
    );
    assert.ok(Date.now() - started < 2500);
    const seen = reported(await s.request(8, "tools/call", { name: "hasty__cancellations" }))[
      "cancelled"
    ];
    assert.match(JSON.stringify(seen), /timed out in mcpmux/);
  });

  test("a server that crashes mid-call fails that call at once and is restarted", async () => {
    const before = reported(await s.request(9, "tools/call", { name: "probe__whoami" }))["pid"];
    const crashed = await s.request(10, "tools/call", { name: "probe__crash" });
    assert.equal((crashed.error as { code: number }).code, -32000);
    assert.match(
      (crashed.error as { message: string }).message,
      /exited while handling the request/,
    );
    const again = await s.request(11, "tools/call", { name: "probe__whoami" }, 20_000);
    const after = reported(again)["pid"];
    assert.equal(typeof after, "number");
    assert.notEqual(after, before, "a new process serves the call");
  });

  test("a malformed body over HTTP is refused with a JSON-RPC error", async () => {
    const res = await fetch(`${mux.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: "{not json",
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: number } };
    assert.equal(body.error.code, -32700);
  });

  test("a request naming another host is refused (DNS-rebinding protection)", async () => {
    // fetch() does not let a caller set Host, so speak HTTP directly.
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const options = { host: "127.0.0.1", port: mux.port, path: "/", headers: { host } };
        const req = request(options, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on("error", reject);
        req.end();
      });
    assert.equal(await status("evil.example.com"), 403);
    assert.equal(await status(`evil.example.com:${mux.port}`), 403);
    assert.equal(await status(`localhost:${mux.port}`), 200);
  });
});

describe("mcpmux stdio with bad input", () => {
  test("a line that is not JSON gets a parse error and the session goes on", async () => {
    const file = writeConfig({ servers: { probe: servers.probe() } });
    const [node, ...pre] = TS_NODE as [string, ...string[]];
    const mux = start(node, [...pre, CLI, "stdio", "--standalone", "--config", file], {
      cwd: ROOT,
    });
    let out = "";
    mux.child.stdout?.removeAllListeners("data");
    mux.child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      mux.child.stdin?.write("this is not json\n");
      mux.child.stdin?.write('{"jsonrpc":"2.0","id":"a","method":"ping"}\n');
      mux.child.stdin?.write('{"jsonrpc":"1.0","id":3,"method":"ping"}\n');
      await waitForText(() => out, /"id":3/, 10_000);
      await waitForText(() => out, /"id":"a"/, 10_000);
      type Line = { id: unknown; error?: { code: number }; result?: unknown };
      const lines = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Line);
      const byId = (id: unknown) => lines.find((l) => l.id === id);
      assert.deepEqual(byId(null), {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: "Parse error: a line was not valid JSON" },
      });
      assert.deepEqual(byId("a"), { jsonrpc: "2.0", id: "a", result: {} });
      assert.equal(byId(3)?.error?.code, -32600);
    } finally {
      await mux.stop();
    }
  });
});

describe("mcpmux check", () => {
  test("prints each problem with its path and exits 1", async () => {
    const file = writeConfig({
      servers: {
        fs: { command: 42 },
        "bad name": { url: "http://127.0.0.1:1/mcp" },
        both: { command: "x", url: "http://127.0.0.1:1/mcp" },
      },
    });
    const [node, ...pre] = TS_NODE as [string, ...string[]];
    const run = start(node, [...pre, CLI, "check", "--config", file], { cwd: ROOT });
    let out = "";
    run.child.stdout?.removeAllListeners("data");
    run.child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => run.child.once("exit", resolve));
    await run.stop();
    assert.equal(code, 1);
    assert.match(out, /servers\.fs\.command: expected string/);
    assert.match(out, /servers\.bad name: server names may contain only letters, digits/);
    assert.match(out, /servers\.both: a server needs exactly one of `command`/);
  });
});
