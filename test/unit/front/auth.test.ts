/** Bearer token parsing and checking, and the middleware's 401 answers. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Hono } from "hono";
import { bearerAuth, bearerChecker, bearerToken } from "../../../src/front/auth.ts";

describe("bearerToken", () => {
  test("takes the token after Bearer, any case, trimmed", () => {
    assert.equal(bearerToken("Bearer abc"), "abc");
    assert.equal(bearerToken("bearer   abc  "), "abc");
    assert.equal(bearerToken("BEARER a.b-c_d~="), "a.b-c_d~=");
  });
  test("nothing for a missing header, another scheme, or no token", () => {
    for (const header of [undefined, null, "", "Basic abc", "Bearer", "Bearer ", "Bearer a b"])
      assert.equal(bearerToken(header), undefined, String(header));
  });
});

describe("bearerChecker", () => {
  const check = bearerChecker("s3cret");
  test("the right token is ok", () => assert.equal(check("Bearer s3cret"), "ok"));
  test("a missing one is missing; a wrong one, shorter, longer or a prefix, is wrong", () => {
    assert.equal(check(undefined), "missing");
    assert.equal(check("Basic s3cret"), "missing");
    for (const token of ["s3cre", "s3crett", "S3CRET", "x", "s3cret".repeat(100)])
      assert.equal(check(`Bearer ${token}`), "wrong", token);
  });
});

describe("bearerAuth middleware", () => {
  const app = new Hono();
  app.use("*", bearerAuth("tok"));
  app.all("*", (c) => c.text("in"));
  const request = (headers: Record<string, string>) =>
    app.request("http://127.0.0.1/anything", { method: "POST", headers });

  test("lets the right token through", async () => {
    const response = await request({ authorization: "Bearer tok" });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "in");
  });

  test("401 with a Bearer challenge and a JSON-RPC error body otherwise", async () => {
    const missing = await request({});
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="mcpmux"');
    const body = (await missing.json()) as {
      jsonrpc: string;
      id: null;
      error: { message: string };
    };
    assert.equal(body.jsonrpc, "2.0");
    assert.equal(body.id, null);
    assert.match(body.error.message, /missing bearer token.*http\.auth\.token/);

    const wrong = await request({ authorization: "Bearer nope" });
    assert.equal(wrong.status, 401);
    assert.equal(
      wrong.headers.get("www-authenticate"),
      'Bearer realm="mcpmux", error="invalid_token"',
    );
  });
});
