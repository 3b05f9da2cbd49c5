/** The session budget, the body limit middleware, and the HTTP options (loopback, token). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Hono } from "hono";
import { isLoopbackHost } from "../../../src/config/http.ts";
import { validateConfig } from "../../../src/config/load.ts";
import { bodyLimit } from "../../../src/front/body-limit.ts";
import { httpFrontOptions, refusal } from "../../../src/front/http-options.ts";
import { SessionBudget, tooManySessions } from "../../../src/front/session-budget.ts";
import type { ConfigError } from "../../../src/validation/problems.ts";

describe("SessionBudget", () => {
  test("gives max slots, then none until one is released; a release counts once", () => {
    const budget = new SessionBudget(2);
    const a = budget.acquire();
    const b = budget.acquire();
    assert.ok(a && b);
    assert.equal(budget.acquire(), undefined);
    a();
    a();
    assert.equal(budget.size, 1);
    assert.ok(budget.acquire());
    assert.equal(budget.acquire(), undefined);
  });

  test("the refusal is a 503 with a JSON-RPC error naming the limit and the config key", async () => {
    const response = tooManySessions(7);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: { message: string } };
    assert.match(body.error.message, /limit is 7 .*http\.maxSessions/);
  });
});

describe("bodyLimit", () => {
  const app = new Hono();
  app.use(
    "*",
    bodyLimit(10, (drained) => new Response(drained ? "drained" : "cut", { status: 413 })),
  );
  app.post("*", async (c) => c.text(`got ${await c.req.text()}`));
  const streamed = (text: string, chunk: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
        controller.close();
      },
    });
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    app.request("http://127.0.0.1/", {
      method: "POST",
      body,
      headers,
      duplex: "half",
    } as RequestInit);

  test("a body within the limit reaches the handler, declared or streamed", async () => {
    assert.equal(await (await post("0123456789")).text(), "got 0123456789");
    assert.equal(await (await post(streamed("0123456789", 3))).text(), "got 0123456789");
  });

  test("a declared Content-Length over the limit is refused unread", async () => {
    const response = await post("x", { "content-length": "11" });
    assert.equal(response.status, 413);
  });

  test("a streamed body over the limit is refused after the rest is drained", async () => {
    const response = await post(streamed("x".repeat(1000), 7));
    assert.equal(response.status, 413);
    assert.equal(await response.text(), "drained");
  });

  test("multi-byte text counts in bytes", async () => {
    const response = await post(streamed("é".repeat(6), 4)); // 12 bytes
    assert.equal(response.status, 413);
  });
});

describe("HTTP options", () => {
  test("loopback hosts", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ["0.0.0.0", "::", "192.168.1.2", "example.com", "127.0.0.256", "128.0.0.1"])
      assert.equal(isLoopbackHost(host), false, host);
  });

  test("defaults, the config section, and flags on top", () => {
    const defaults = httpFrontOptions(undefined);
    assert.deepEqual(defaults, {
      host: "127.0.0.1",
      port: 7780,
      sessionIdleTimeoutMs: 30 * 60_000,
      maxBodyBytes: 4 * 1024 * 1024,
      maxSessions: 256,
    });
    const configured = httpFrontOptions(
      {
        host: "localhost",
        port: 9000,
        auth: { token: "t" },
        sessionIdleTimeout: 0,
        maxBodyBytes: 10,
        maxSessions: 2,
      },
      { host: "0.0.0.0", port: undefined },
    );
    assert.deepEqual(configured, {
      host: "0.0.0.0",
      port: 9000,
      token: "t",
      sessionIdleTimeoutMs: 0,
      maxBodyBytes: 10,
      maxSessions: 2,
    });
  });

  test("a non-loopback host is refused without a token, with the fix named", () => {
    assert.equal(refusal({ host: "127.0.0.1" }), undefined);
    assert.equal(refusal({ host: "0.0.0.0", token: "t" }), undefined);
    assert.match(refusal({ host: "0.0.0.0" }) ?? "", /0\.0\.0\.0.*http\.auth\.token/);
  });
});

describe("config: the http section", () => {
  const problems = (http: unknown): string[] => {
    try {
      validateConfig({ servers: {}, http }, "/c.json", {});
      return [];
    } catch (err) {
      return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
    }
  };

  test("a non-loopback host without a token is a problem at http.auth.token", () => {
    const [problem, ...rest] = problems({ host: "0.0.0.0" });
    assert.match(problem ?? "", /^http\.auth\.token: a bearer token is required/);
    assert.deepEqual(rest, []);
    assert.deepEqual(problems({ host: "0.0.0.0", auth: { token: "t" } }), []);
    assert.deepEqual(problems({ host: "localhost" }), []);
  });

  test("the token may come from the environment; limits must be sensible", () => {
    const config = validateConfig(
      { servers: {}, http: { auth: { token: "${env:T}" } } },
      "/c.json",
      { T: "from-env" },
    );
    assert.equal(config.http?.auth?.token, "from-env");
    assert.match(
      problems({ auth: { token: "" } })[0] ?? "",
      /^http\.auth\.token: must not be empty/,
    );
    assert.match(problems({ maxSessions: 0 })[0] ?? "", /^http\.maxSessions/);
    assert.match(problems({ maxBodyBytes: 1.5 })[0] ?? "", /^http\.maxBodyBytes/);
    assert.match(problems({ sessionIdleTimeout: -1 })[0] ?? "", /^http\.sessionIdleTimeout/);
    assert.match(problems({ nope: 1 })[0] ?? "", /^http\.nope: unknown key/);
  });
});
