import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Config } from "../../../src/config/schema.ts";
import { canonical, describeDiff, diffConfigs, isEmpty } from "../../../src/supervisor/diff.ts";

const base: Config = {
  servers: {
    memory: { command: "node", args: ["memory.js"], env: { A: "1" } },
    remote: { url: "http://127.0.0.1:9000/mcp", headers: { X: "y" } },
    hello: { plugin: "/p/hello.ts" },
    both: {
      variants: [
        { command: "a", weight: 1 },
        { command: "b", weight: 2 },
      ],
    },
  },
  routes: [{ match: { tool: "*delete*" }, hide: true }],
};

function withServer(name: string, server: Config["servers"][string]): Config {
  return { ...base, servers: { ...base.servers, [name]: server } };
}

describe("diffConfigs", () => {
  test("the same config, keys in another order, is no change", () => {
    const reordered: Config = {
      routes: base.routes,
      servers: {
        both: base.servers["both"]!,
        hello: base.servers["hello"]!,
        remote: { headers: { X: "y" }, url: "http://127.0.0.1:9000/mcp" },
        memory: { env: { A: "1" }, args: ["memory.js"], command: "node" },
      },
    };
    const diff = diffConfigs(base, reordered);
    assert.ok(isEmpty(diff));
    assert.deepEqual(diff.unchanged.sort(), ["both", "hello", "memory", "remote"]);
    assert.equal(describeDiff(diff), "no change");
  });

  test("what runs changed: args, env, headers, plugin path, share, prefix, a variant's command", () => {
    const cases: Array<[string, Config["servers"][string]]> = [
      ["memory", { command: "node", args: ["memory.js", "--x"], env: { A: "1" } }],
      ["memory", { command: "node", args: ["memory.js"], env: { A: "2" } }],
      ["remote", { url: "http://127.0.0.1:9000/mcp", headers: { X: "z" } }],
      ["hello", { plugin: "/p/hello2.ts" }],
      ["memory", { command: "node", args: ["memory.js"], env: { A: "1" }, share: "session" }],
      ["memory", { command: "node", args: ["memory.js"], env: { A: "1" }, prefix: "mem" }],
      [
        "both",
        {
          variants: [
            { command: "a", weight: 1 },
            { command: "c", weight: 2 },
          ],
        },
      ],
    ];
    for (const [name, server] of cases) {
      const diff = diffConfigs(base, withServer(name, server));
      assert.deepEqual(diff.swapped, [name], JSON.stringify(server));
      assert.deepEqual(diff.tuned, []);
    }
  });

  test("tuning only: pool, queue, strategy, timeouts, a variant's weight", () => {
    const cases: Array<[string, Config["servers"][string]]> = [
      ["memory", { ...base.servers["memory"]!, pool: { max: 1 } }],
      ["memory", { ...base.servers["memory"]!, pool: { queue: { max: 5 } } }],
      ["memory", { ...base.servers["memory"]!, strategy: "round-robin" }],
      ["memory", { ...base.servers["memory"]!, requestTimeout: 1000 }],
      ["remote", { ...base.servers["remote"]!, startupTimeout: 1000 }],
      [
        "both",
        {
          variants: [
            { command: "a", weight: 3 },
            { command: "b", weight: 2 },
          ],
        },
      ],
    ];
    for (const [name, server] of cases) {
      const diff = diffConfigs(base, withServer(name, server));
      assert.deepEqual(diff.tuned, [name], JSON.stringify(server));
      assert.deepEqual(diff.swapped, []);
      assert.equal(diff.unchanged.length, 3);
    }
  });

  test("added, removed, and disabled counts as removed (enabled again: added)", () => {
    const { memory: _memory, ...rest } = base.servers;
    const next: Config = { ...base, servers: { ...rest, fresh: { command: "x" } } };
    const diff = diffConfigs(base, next);
    assert.deepEqual(diff.added, ["fresh"]);
    assert.deepEqual(diff.removed, ["memory"]);
    const disabled = withServer("hello", { plugin: "/p/hello.ts", disabled: true });
    assert.deepEqual(diffConfigs(base, disabled).removed, ["hello"]);
    assert.deepEqual(diffConfigs(disabled, base).added, ["hello"]);
  });

  test("routes, separator and page size are settings: no server is touched", () => {
    for (const next of [
      { ...base, routes: [] },
      { ...base, separator: "." },
      { ...base, pageSize: 10 },
    ]) {
      const diff = diffConfigs(base, next);
      assert.equal(diff.settingsChanged, true);
      assert.equal(diff.unchanged.length, 4);
      assert.ok(!isEmpty(diff));
    }
    // The daemon and http sections are read at start only: not a change a reload applies.
    assert.ok(isEmpty(diffConfigs(base, { ...base, daemon: { idleTimeout: 5 } })));
  });

  test("the summary names each server under what happened to it", () => {
    const next: Config = {
      ...withServer("memory", { ...base.servers["memory"]!, pool: { max: 2 } }),
      routes: [],
    };
    assert.equal(
      describeDiff(diffConfigs(base, next)),
      "changed in place memory; routes or list settings changed",
    );
  });
});

test("canonical: key order does not matter, array order does", () => {
  assert.equal(canonical({ a: 1, b: { c: 2, d: 3 } }), canonical({ b: { d: 3, c: 2 }, a: 1 }));
  assert.notEqual(canonical([1, 2]), canonical([2, 1]));
});
