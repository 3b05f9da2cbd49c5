/** The edge check of incoming JSON-RPC values, and the message helpers. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ErrorCode,
  checkShape,
  errorResponse,
  isNotification,
  isRequest,
  notification,
  type RpcMessage,
  type RpcResponse,
} from "../../../src/protocol/jsonrpc.ts";

function passes(value: unknown): void {
  const checked = checkShape(value);
  assert.equal(checked.ok, true, JSON.stringify(checked));
  if (checked.ok) assert.equal(checked.msg, value, "the message must be forwarded untouched");
}

function rejects(value: unknown): RpcResponse {
  const checked = checkShape(value);
  assert.equal(checked.ok, false, `expected ${JSON.stringify(value)} to be refused`);
  if (checked.ok) assert.fail("unreachable");
  assert.equal(checked.reply.jsonrpc, "2.0");
  assert.equal("result" in checked.reply, false);
  assert.ok(checked.reply.error !== undefined);
  assert.equal(typeof checked.reply.error.message, "string");
  assert.ok(checked.reply.error.message.length > 0);
  return checked.reply;
}

describe("checkShape: valid messages pass untouched", () => {
  test("a request, with number, zero and string ids", () => {
    passes({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    passes({ jsonrpc: "2.0", id: 0, method: "ping" });
    passes({ jsonrpc: "2.0", id: "abc-1", method: "tools/call", params: { name: "x" } });
  });

  test("a notification", () => {
    passes({ jsonrpc: "2.0", method: "notifications/initialized" });
    passes({ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } });
  });

  test("a response carrying a result or an error", () => {
    passes({ jsonrpc: "2.0", id: 7, result: {} });
    passes({ jsonrpc: "2.0", id: "s-1", result: { content: [] } });
    passes({ jsonrpc: "2.0", id: 7, error: { code: -1, message: "no" } });
    passes({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse" } });
  });

  test("unknown fields, _meta and nested params survive as the same object", () => {
    const params = { _meta: { progressToken: "t" }, nested: { deep: [1, 2, 3] } };
    const msg = { jsonrpc: "2.0", id: 3, method: "x/y", params, extra: true };
    const checked = checkShape(msg);
    assert.ok(checked.ok);
    assert.equal(checked.msg, msg);
    assert.equal((checked.msg as { params?: unknown }).params, params);
    assert.deepEqual(msg, {
      jsonrpc: "2.0",
      id: 3,
      method: "x/y",
      params: { _meta: { progressToken: "t" }, nested: { deep: [1, 2, 3] } },
      extra: true,
    });
  });
});

describe("checkShape: bad shapes give the right error", () => {
  test("a non-object (including a batch array) is an Invalid Request with id null", () => {
    for (const value of [null, undefined, 42, "hello", true, [], [{ jsonrpc: "2.0" }]]) {
      const reply = rejects(value);
      assert.equal(reply.error?.code, ErrorCode.InvalidRequest);
      assert.equal(reply.error?.code, -32600);
      assert.equal(reply.id, null);
    }
  });

  test('a missing or wrong "jsonrpc" is an Invalid Request that keeps the id', () => {
    const missing = rejects({ id: 5, method: "ping" });
    assert.equal(missing.error?.code, -32600);
    assert.equal(missing.id, 5);
    const old = rejects({ jsonrpc: "1.0", id: "req-9", method: "ping" });
    assert.equal(old.error?.code, -32600);
    assert.equal(old.id, "req-9");
    const numeric = rejects({ jsonrpc: 2, id: 0, method: "ping" });
    assert.equal(numeric.id, 0);
  });

  test("an id that is not a string or number is an Invalid Request with id null", () => {
    for (const id of [true, { a: 1 }, [1]]) {
      const reply = rejects({ jsonrpc: "2.0", id, method: "ping" });
      assert.equal(reply.error?.code, -32600);
      assert.equal(reply.id, null);
    }
  });

  test("a method that is not a string is an Invalid Request that keeps the id", () => {
    const reply = rejects({ jsonrpc: "2.0", id: 11, method: 42 });
    assert.equal(reply.error?.code, -32600);
    assert.equal(reply.id, 11);
    assert.equal(rejects({ jsonrpc: "2.0", method: null }).id, null);
  });

  test("params that are not an object are Invalid params (-32602) that keep the id", () => {
    for (const params of [[1, 2], null, "x", 3]) {
      const reply = rejects({ jsonrpc: "2.0", id: "p", method: "tools/call", params });
      assert.equal(reply.error?.code, ErrorCode.InvalidParams);
      assert.equal(reply.error?.code, -32602);
      assert.equal(reply.id, "p");
    }
  });

  test("an object that is neither request, notification nor response is an Invalid Request", () => {
    const reply = rejects({ jsonrpc: "2.0", id: 4 });
    assert.equal(reply.error?.code, -32600);
    assert.equal(reply.id, 4);
    assert.equal(rejects({ jsonrpc: "2.0" }).id, null);
  });
});

describe("message helpers", () => {
  test("id 0 is a request, not a notification", () => {
    const msg: RpcMessage = { jsonrpc: "2.0", id: 0, method: "ping" };
    assert.equal(isRequest(msg), true);
    assert.equal(isNotification(msg), false);
  });

  test("a method without id (or with id null) is a notification", () => {
    const plain = notification("notifications/initialized");
    assert.equal(isNotification(plain), true);
    assert.equal(isRequest(plain), false);
    assert.equal("params" in plain, false);
    const withNull = { jsonrpc: "2.0", id: null, method: "x" } as unknown as RpcMessage;
    assert.equal(isNotification(withNull), true);
    assert.equal(isRequest(withNull), false);
  });

  test("errorResponse carries data only when given, and a response is recognised", () => {
    const bare = errorResponse(1, -32000, "upstream down");
    assert.deepEqual(bare, {
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32000, message: "upstream down" },
    });
    assert.equal("data" in (bare.error ?? {}), false);
    const withData = errorResponse("a", -32002, "no such resource", { uri: "x://y" });
    assert.deepEqual(withData.error?.data, { uri: "x://y" });
    assert.equal(isRequest(bare), false);
    assert.equal(isNotification(bare), false);
  });
});
