/**
 * The HTTP front against clients that are not welcome or not well behaved:
 * a bearer token on every route, no non-loopback listener without one,
 * sessions that go quiet expire, and limits on body size and open sessions
 * answer with clear JSON-RPC errors without touching other sessions.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import {
  type Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { DaemonRun } from "../helpers/daemon-run.ts";
import {
  FROM_SOURCES,
  httpClient,
  newClient,
  serve,
  sseClient,
  type Served,
} from "../helpers/mux.ts";
import { CLI, ROOT, servers, TS_NODE, writeConfig } from "../helpers/paths.ts";
import { eventually } from "../helpers/proc.ts";

const run = promisify(execFile);
const PROTOCOL = "2025-11-25";

/** An initialize request as a client sends it first. */
function initializeRequest(client = "x"): Record<string, unknown> {
  return {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: PROTOCOL,
      capabilities: {},
      clientInfo: { name: client, version: "1" },
    },
  };
}

type Json = Record<string, unknown>;

/** A JSON-RPC POST to /mcp, as a client without the SDK sends it. */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The JSON-RPC messages in a response, whether it is JSON or an SSE stream. */
async function messagesOf(response: Response): Promise<Json[]> {
  const text = await response.text();
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream"))
    return text
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => JSON.parse(line.slice(6)) as Json);
  return text === "" ? [] : [JSON.parse(text) as Json];
}

/**
 * An initialized session made with plain fetch: it opens no GET stream, so
 * once its requests are answered it is quiet, as a client that went away.
 */
async function rawSession(url: string, headers: Record<string, string> = {}): Promise<string> {
  const init = await post(url, initializeRequest("raw-http"), headers);
  assert.equal(init.status, 200, await init.clone().text());
  const id = init.headers.get("mcp-session-id");
  assert.ok(id, "initialize answered with a session id");
  const [reply] = await messagesOf(init);
  assert.ok(reply?.["result"] !== undefined, JSON.stringify(reply));
  const initialized = await post(
    url,
    { jsonrpc: "2.0", method: "notifications/initialized" },
    { ...headers, "mcp-session-id": id, "mcp-protocol-version": PROTOCOL },
  );
  assert.equal(initialized.status, 202);
  return id;
}

function inSession(id: string, headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, "mcp-session-id": id, "mcp-protocol-version": PROTOCOL };
}

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? "").join("\n");
}

async function assertRpcError(response: Response, status: number, pattern: RegExp): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  const body = JSON.parse(text) as {
    jsonrpc?: string;
    error?: { code?: number; message?: string };
  };
  assert.equal(body.jsonrpc, "2.0", text);
  assert.equal(typeof body.error?.code, "number", text);
  assert.match(body.error?.message ?? "", pattern);
}

describe("bearer token", () => {
  const TOKEN = "s3cret-token-for-tests";
  let mux: Served;
  const clients: Client[] = [];
  const auth = { authorization: `Bearer ${TOKEN}` };

  before(async () => {
    // The token comes from the environment through the config's ${env:...}.
    mux = await serve(
      {
        servers: { probe: servers.probe() },
        http: { auth: { token: "${env:MCPMUX_TEST_HTTP_TOKEN}" } },
      },
      { ...process.env, MCPMUX_TEST_HTTP_TOKEN: TOKEN },
    );
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  const initialize = initializeRequest();

  test("/mcp without a token: 401 with a Bearer challenge and a JSON-RPC error", async () => {
    const response = await post(mux.url, initialize);
    assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="mcpmux"');
    await assertRpcError(response, 401, /Unauthorized: missing bearer token.*http\.auth\.token/);
  });

  test("/mcp with a wrong token, or a token of another length, or another scheme: 401", async () => {
    for (const header of [
      `Bearer ${TOKEN.slice(0, -1)}x`,
      `Bearer ${TOKEN}${TOKEN}`,
      "Bearer x",
      `Basic ${TOKEN}`,
    ]) {
      const response = await post(mux.url, initialize, { authorization: header });
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer realm="mcpmux"/);
      await assertRpcError(response, 401, /Unauthorized/);
    }
  });

  test("/sse and /message without a token: 401", async () => {
    const sse = await fetch(`${mux.url}/sse`, { headers: { accept: "text/event-stream" } });
    assert.match(sse.headers.get("www-authenticate") ?? "", /^Bearer realm="mcpmux"/);
    await assertRpcError(sse, 401, /Unauthorized/);
    const message = await fetch(`${mux.url}/message?sessionId=x`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    await assertRpcError(message, 401, /Unauthorized/);
  });

  test("an SDK client with the token works over Streamable HTTP", async () => {
    const client = newClient("token-http");
    clients.push(client);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${mux.url}/mcp`), {
        requestInit: { headers: auth },
      }),
    );
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "probe__whoami"));
    const result = await client.callTool({ name: "probe__whoami", arguments: {} });
    assert.notEqual(textOf(result), "");
  });

  test("an SDK client with the token works over SSE; without it, it cannot connect", async () => {
    const client = newClient("token-sse");
    clients.push(client);
    await client.connect(
      new SSEClientTransport(new URL(`${mux.url}/sse`), {
        requestInit: { headers: auth },
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, { ...init, headers: { ...(init?.headers as object), ...auth } }),
        },
      }),
    );
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "probe__whoami"));

    const refused = newClient("no-token-sse");
    await assert.rejects(refused.connect(new SSEClientTransport(new URL(`${mux.url}/sse`))));
    await refused.close().catch(() => undefined);
  });
});

describe("a listener other machines can reach needs a token", () => {
  test("serve --host 0.0.0.0 without a token refuses to start and names the fix", async () => {
    const file = writeConfig({ servers: { probe: servers.probe() } });
    const failed = await run(
      process.execPath,
      [...TS_NODE.slice(1), CLI, "serve", "--config", file, "--host", "0.0.0.0", "--port", "0"],
      { cwd: ROOT, timeout: 30_000 },
    ).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    assert.ok(failed !== undefined, "serve must not start");
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr ?? "", /refusing to serve HTTP on 0\.0\.0\.0.*http\.auth\.token/);
    assert.doesNotMatch(failed.stderr ?? "", /listening on/);
  });

  test("mcpmux check reports a non-loopback http.host without a token at http.auth.token", async () => {
    const file = writeConfig({ servers: { probe: servers.probe() }, http: { host: "0.0.0.0" } });
    const failed = await run(
      process.execPath,
      [...TS_NODE.slice(1), CLI, "check", "--config", file],
      {
        cwd: ROOT,
        timeout: 30_000,
      },
    ).then(
      () => undefined,
      (err: { code?: number; stdout?: string }) => err,
    );
    assert.ok(failed !== undefined, "check must fail");
    assert.equal(failed.code, 1);
    assert.match(failed.stdout ?? "", /http\.auth\.token: a bearer token is required/);

    const fine = writeConfig({
      servers: { probe: servers.probe() },
      // Port 0: check binds the port to see it is free, and 7780 may be taken on this machine.
      http: { host: "0.0.0.0", port: 0, auth: { token: "t" } },
    });
    const ok = await run(process.execPath, [...TS_NODE.slice(1), CLI, "check", "--config", fine], {
      cwd: ROOT,
      timeout: 30_000,
    });
    assert.match(ok.stdout, /ok/);
  });
});

describe("sessions that go quiet expire (daemon with an http section)", () => {
  const IDLE_MS = 1000;
  let daemon: DaemonRun;
  let url: string;
  const clients: Client[] = [];

  const httpSessions = async (): Promise<number> =>
    (
      (await daemon.status()) as unknown as { sessions: Array<{ transport: string }> }
    ).sessions.filter((s) => s.transport === "http").length;

  before(async () => {
    const file = writeConfig({
      servers: { probe: servers.probe() },
      http: { port: 0, sessionIdleTimeout: IDLE_MS },
    });
    daemon = new DaemonRun(file, FROM_SOURCES);
    await daemon.session("shim"); // starts the daemon
    const log = await eventually(
      () => daemon.log(),
      (text) => /http:\/\/127\.0\.0\.1:\d+\/mcp/.test(text),
      20_000,
    );
    const port = /http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(log)?.[1];
    assert.ok(port, log);
    url = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await daemon.close();
  });

  test("a request longer than the idle time keeps its session; once quiet it is closed, and its id gets 404", async () => {
    const id = await rawSession(url);
    // A call in flight for longer than the idle time: the session stays, and is listed.
    const call = post(
      url,
      {
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "probe__sleep", arguments: { ms: IDLE_MS * 2.5 } },
      },
      inSession(id),
    );
    assert.equal(await httpSessions(), 1, "the session is listed while its call runs");
    const answered = await call;
    assert.equal(answered.status, 200);
    const [reply] = await messagesOf(answered);
    assert.ok(reply?.["result"] !== undefined, JSON.stringify(reply));
    const ping = await post(url, { jsonrpc: "2.0", id: 4, method: "ping" }, inSession(id));
    assert.equal(ping.status, 200, "still there right after the long call");
    await ping.text();

    // Now quiet: no request, no stream.
    const deadline = Date.now() + 10_000;
    while ((await httpSessions()) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(await httpSessions(), 0, "the quiet session was closed");
    const late = await post(url, { jsonrpc: "2.0", id: 5, method: "ping" }, inSession(id));
    await assertRpcError(late, 404, /Session not found/);
    assert.match(
      daemon.log(),
      new RegExp(`no request and no open stream for ${IDLE_MS} ms: closed`),
    );
  });

  test("an SDK client holding its GET stream open outlives the idle time", async () => {
    const client = newClient("steady");
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
    await new Promise((r) => setTimeout(r, IDLE_MS * 3));
    const result = await client.callTool({ name: "probe__whoami", arguments: {} });
    assert.notEqual(textOf(result), "");
  });
});

describe("limits: body size", () => {
  const MAX_BODY = 64 * 1024;
  let mux: Served;
  const clients: Client[] = [];

  before(async () => {
    mux = await serve({
      servers: { probe: servers.probe() },
      http: { maxBodyBytes: MAX_BODY },
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  const echoOf = (size: number, id: number) => ({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "probe__whoami", arguments: { pad: "x".repeat(size) } },
  });

  test("an oversized body gets 413 (with and without Content-Length); other sessions go on", async () => {
    const steady = await httpClient(mux, "steady");
    clients.push(steady);
    const id = await rawSession(mux.url);

    const big = await post(mux.url, echoOf(MAX_BODY, 5), inSession(id));
    await assertRpcError(big, 413, /too large.*65536 bytes.*http\.maxBodyBytes/);

    // Chunked, so no Content-Length to go by: the limit counts as it reads.
    const text = JSON.stringify(echoOf(MAX_BODY * 2, 6));
    const chunked = await fetch(`${mux.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...inSession(id),
      },
      body: new ReadableStream({
        start(controller) {
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await assertRpcError(chunked, 413, /too large/);

    // The sender's session and the other client both still work.
    const small = await post(mux.url, echoOf(1000, 7), inSession(id));
    assert.equal(small.status, 200);
    assert.ok((await messagesOf(small))[0]?.["result"] !== undefined);
    // Over a while: a connection the server closed under the pool would fail one of these.
    for (let i = 0; i < 4; i++) {
      const result = await steady.callTool({ name: "probe__whoami", arguments: {} });
      assert.notEqual(textOf(result), "");
      await new Promise((r) => setTimeout(r, 250));
    }
    await fetch(`${mux.url}/mcp`, { method: "DELETE", headers: inSession(id) });
  });

  test("an oversized SSE message gets 413", async () => {
    const opened = await fetch(`${mux.url}/sse`, { headers: { accept: "text/event-stream" } });
    const reader = opened.body!.getReader();
    let seen = "";
    while (!/sessionId=[\w-]+/.test(seen)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    const endpoint = /data: (\/message\?sessionId=[\w-]+)/.exec(seen)?.[1];
    assert.ok(endpoint, seen);
    const big = await fetch(`${mux.url}${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(echoOf(MAX_BODY, 8)),
    });
    await assertRpcError(big, 413, /http\.maxBodyBytes/);
    await reader.cancel();
  });
});

describe("limits: open sessions", () => {
  let mux: Served;
  const clients: Client[] = [];

  before(async () => {
    mux = await serve({ servers: { probe: servers.probe() }, http: { maxSessions: 3 } });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  test("past maxSessions a new session gets 503 naming the limit; closing one makes room", async () => {
    const http = await httpClient(mux, "http-session");
    const sse = await sseClient(mux, "sse-session");
    clients.push(http, sse);
    const raw = await rawSession(mux.url);
    // Three open, counting the SSE stream: the next one is refused, over /mcp and over /sse.
    const refused = await post(mux.url, initializeRequest());
    assert.equal(refused.headers.get("mcp-session-id"), null);
    await assertRpcError(
      refused,
      503,
      /Too many open sessions: the limit is 3 .*http\.maxSessions/,
    );
    const sseRefused = await fetch(`${mux.url}/sse`, { headers: { accept: "text/event-stream" } });
    await assertRpcError(sseRefused, 503, /http\.maxSessions/);

    // The sessions already open are unaffected; closing one lets a new one in.
    assert.notEqual(textOf(await http.callTool({ name: "probe__whoami", arguments: {} })), "");
    assert.notEqual(textOf(await sse.callTool({ name: "probe__whoami", arguments: {} })), "");
    const gone = await fetch(`${mux.url}/mcp`, { method: "DELETE", headers: inSession(raw) });
    assert.equal(gone.status, 200);
    assert.ok(await rawSession(mux.url));
    // Full again.
    await assertRpcError(
      await fetch(`${mux.url}/sse`, { headers: { accept: "text/event-stream" } }),
      503,
      /http\.maxSessions/,
    );
  });
});
