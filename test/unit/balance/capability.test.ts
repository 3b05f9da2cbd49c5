/** Capability routing: only instances that offer the tool. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { harness, inst } from "./fixtures.ts";

const offering =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

test("never picks an instance that does not offer the tool, even if it is idle", () => {
  const { balancer } = harness("capability");
  const pool = [
    inst("old", { offers: offering("search") }),
    inst("new", { inFlight: 5, offers: offering("search", "summarize") }),
  ];
  for (let i = 0; i < 20; i++) assert.equal(balancer.pick(pool, { tool: "summarize" }), "new");
});

test("returns undefined when no instance offers the tool", () => {
  const { balancer } = harness("capability");
  const pool = [
    inst("a", { offers: offering("search") }),
    inst("b", { offers: offering("fetch") }),
  ];
  assert.equal(balancer.pick(pool, { tool: "summarize" }), undefined);
});

test("returns undefined when every instance offering the tool is full", () => {
  const { balancer } = harness("capability");
  const pool = [
    inst("a", { inFlight: 2, limit: 2, offers: offering("summarize") }),
    inst("b", { offers: offering("search") }),
  ];
  assert.equal(balancer.pick(pool, { tool: "summarize" }), undefined);
});

test("among the instances offering the tool, picks the least loaded", () => {
  const { balancer } = harness("capability");
  const pool = [
    inst("a", { inFlight: 4, offers: offering("x") }),
    inst("b", { inFlight: 0, offers: offering("y") }),
    inst("c", { inFlight: 1, offers: offering("x") }),
  ];
  assert.equal(balancer.pick(pool, { tool: "x" }), "c");
});

test("without a tool, or without an offers check, nothing is filtered out", () => {
  const { balancer } = harness("capability");
  const pool = [
    inst("a", { inFlight: 3, offers: offering("x") }),
    inst("b", { offers: offering("y") }),
  ];
  assert.equal(balancer.pick(pool, {}), "b");
  const unknown = [inst("a", { inFlight: 3, offers: offering("x") }), inst("b")];
  assert.equal(balancer.pick(unknown, { tool: "x" }), "b");
});
