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
  tooLarge,
  MAX_NESTING,
  nestedDeeperThan,
  type RpcMessage,
  type RpcResponse,
} from "../../../src/protocol/jsonrpc.ts";

/** For messages: a value too deep for JSON.stringify is shown as such. */
function show(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return "(a value too deep to print)";
  }
}

function passes(value: unknown): void {
  const checked = checkShape(value);
  if (!checked.ok) assert.fail(`expected ${show(value)} to pass: ${checked.reason}`);
  if (checked.ok) assert.equal(checked.msg, value, "the message must be forwarded untouched");
}

function rejects(value: unknown): RpcResponse {
  const checked = checkShape(value);
  if (checked.ok) assert.fail(`expected ${show(value)} to be refused`);
  if (checked.ok) assert.fail("unreachable");
  if (checked.reply === undefined)
    assert.fail(`expected an error reply, got a drop: ${checked.reason}`);
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
    assert.equal(rejects({ jsonrpc: "2.0", id: 1e400, method: "ping" }).id, null);
  });

  test("a request's params that are not an object are Invalid params (-32602) that keep the id", () => {
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

function drops(value: unknown): string {
  const checked = checkShape(value);
  if (checked.ok) assert.fail(`expected ${show(value)} to be dropped`);
  if (checked.ok) assert.fail("unreachable");
  assert.equal(checked.reply, undefined, `expected no reply, got ${JSON.stringify(checked.reply)}`);
  assert.ok(checked.reason.length > 0, "a drop has a reason to log");
  return checked.reason;
}

describe("checkShape: edge cases from fuzzing", () => {
  test("a batch, empty or not, is one Invalid Request with id null (MCP has no batches)", () => {
    const empty = rejects([]);
    assert.equal(empty.error?.code, -32600);
    assert.equal(empty.id, null);
    assert.match(empty.error?.message ?? "", /empty batch/);
    const batch = rejects([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    ]);
    assert.equal(batch.error?.code, -32600);
    assert.equal(batch.id, null);
    assert.match(batch.error?.message ?? "", /batches are not supported/);
  });

  test("a number id without a JSON form (1e400 parses to Infinity) is refused with id null", () => {
    for (const text of [
      '{"jsonrpc":"2.0","id":1e400,"method":"ping"}',
      '{"jsonrpc":"2.0","id":-1e999,"method":"ping"}',
    ]) {
      const reply = rejects(JSON.parse(text));
      assert.equal(reply.error?.code, -32600);
      assert.equal(reply.id, null);
      // The reply itself must survive a JSON round trip unchanged.
      assert.deepEqual(JSON.parse(JSON.stringify(reply)), reply);
    }
  });

  test("huge, negative, fractional and long string ids are kept as they are", () => {
    for (const id of [
      Number.MAX_SAFE_INTEGER,
      2 ** 64,
      -1,
      -0.5,
      1.25,
      1e300,
      "",
      "x".repeat(100_000),
      "\u0000\uffff",
    ]) {
      passes({ jsonrpc: "2.0", id, method: "ping" });
      const reply = rejects({ jsonrpc: "2.0", id, method: 7 });
      assert.equal(reply.id, id);
    }
  });

  test("a request with id null is an Invalid Request (MCP ids are never null)", () => {
    const reply = rejects({ jsonrpc: "2.0", id: null, method: "ping" });
    assert.equal(reply.error?.code, -32600);
    assert.equal(reply.id, null);
  });

  test("a notification with bad params is dropped, never answered", () => {
    for (const params of [[1], null, "x", 3, true]) {
      assert.match(
        drops({ jsonrpc: "2.0", method: "notifications/cancelled", params }),
        /notification/,
      );
    }
  });

  test("malformed responses are dropped, never answered", () => {
    drops({ jsonrpc: "2.0", result: {} });
    drops({ jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "m" } });
    drops({ jsonrpc: "2.0", id: 1, result: 5 });
    drops({ jsonrpc: "2.0", id: 1, result: [] });
    drops({ jsonrpc: "2.0", id: 1, error: "bad" });
    drops({ jsonrpc: "2.0", id: 1, error: { code: "1", message: "m" } });
    drops({ jsonrpc: "2.0", id: 1, error: { code: 1 } });
  });

  test("a response to a request never sent passes the edge (the session drops it)", () => {
    passes({ jsonrpc: "2.0", id: 987654, result: {} });
    passes({ jsonrpc: "2.0", id: "never-sent", error: { code: -1, message: "x" } });
  });

  test("a method of any string passes the edge (the router answers -32601)", () => {
    for (const method of ["", "__proto__", "constructor", "toString", "x".repeat(10_000)])
      passes({ jsonrpc: "2.0", id: 1, method });
  });

  test("params nested up to MAX_NESTING pass untouched; deeper ones are refused, however deep", () => {
    const nest = (depth: number): Record<string, unknown> => {
      let params: Record<string, unknown> = {};
      for (let i = 0; i < depth; i++) params = { a: params };
      return params;
    };
    passes({ jsonrpc: "2.0", id: 1, method: "tools/call", params: nest(MAX_NESTING - 2) });
    for (const depth of [MAX_NESTING, 10_000, 1_000_000]) {
      const reply = rejects({ jsonrpc: "2.0", id: 1, method: "tools/call", params: nest(depth) });
      assert.equal(reply.error?.code, -32600);
      assert.equal(reply.id, 1);
      assert.match(reply.error?.message ?? "", /nested/);
      drops({ jsonrpc: "2.0", method: "notifications/x", params: nest(depth) });
      drops({ jsonrpc: "2.0", id: 1, result: nest(depth) });
      assert.equal(rejects({ jsonrpc: "2.0", id: 1, other: nest(depth) }).id, null);
    }
    let deepArray: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deepArray = [deepArray];
    assert.equal(nestedDeeperThan(deepArray, MAX_NESTING), true);
    assert.equal(nestedDeeperThan({ a: [{ b: 1 }] }, 3), false);
    assert.equal(nestedDeeperThan({ a: [{ b: {} }] }, 3), true);
  });

  test("a __proto__ key in params is kept as plain data", () => {
    const msg = JSON.parse(
      '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"__proto__":{"polluted":true}}}',
    );
    passes(msg);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });

  test("errors for bad input survive a JSON round trip (no undefined, no Infinity)", () => {
    const values: unknown[] = [
      null,
      1,
      [],
      {},
      { jsonrpc: "2.0", id: {}, method: "x" },
      { jsonrpc: "2.0", id: 1 },
    ];
    for (const value of values) {
      const reply = rejects(value);
      assert.deepEqual(JSON.parse(JSON.stringify(reply)), reply);
    }
  });
});

describe("tooLarge", () => {
  test("names the limit and its config key, with id null", () => {
    const reply = tooLarge(4096, "maxMessageBytes");
    assert.equal(reply.id, null);
    assert.equal(reply.error?.code, -32600);
    assert.match(reply.error?.message ?? "", /4096 bytes/);
    assert.match(reply.error?.message ?? "", /maxMessageBytes/);
    assert.deepEqual(reply.error?.data, { limit: 4096, key: "maxMessageBytes" });
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
