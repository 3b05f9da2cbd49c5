/** What every strategy promises, whichever the pool is configured with. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasFreeSlot, type InstanceSnapshot } from "../../../src/balance/snapshot.ts";
import type { StrategyName } from "../../../src/balance/strategies.ts";
import { harness, inst, seeded } from "./fixtures.ts";

const names: StrategyName[] = [
  "round-robin",
  "weighted",
  "least-connections",
  "capability",
  "adaptive",
];

describe("createBalancer", () => {
  for (const name of names) {
    test(`${name}: reports its strategy`, () => {
      assert.equal(harness(name).balancer.strategy, name);
    });

    test(`${name}: undefined when no instance can take work`, () => {
      const { balancer } = harness(name);
      assert.equal(balancer.pick([], {}), undefined);
      const blocked = [inst("full", { inFlight: 2, limit: 2 }), inst("starting", { ready: false })];
      assert.equal(balancer.pick(blocked, { tool: "echo" }), undefined);
    });

    test(`${name}: only ever picks a candidate with a free slot`, () => {
      const random = seeded(42);
      const { balancer } = harness(name, random);
      for (let round = 0; round < 500; round++) {
        const candidates: InstanceSnapshot[] = ["a", "b", "c", "d"].map((id) =>
          inst(id, {
            inFlight: Math.floor(random() * 4),
            limit: 3,
            ready: random() > 0.2,
            weight: 1 + Math.floor(random() * 3),
          }),
        );
        const picked = balancer.pick(candidates, { tool: "echo" });
        const free = candidates.filter(hasFreeSlot).map((c) => c.id);
        if (free.length === 0) assert.equal(picked, undefined);
        else assert.ok(picked !== undefined && free.includes(picked), `${picked} not in ${free}`);
      }
    });
  }

  test("each pool's balancer keeps its own rotation", () => {
    const one = harness("round-robin").balancer;
    const two = harness("round-robin").balancer;
    const pool = [inst("a"), inst("b")];
    assert.equal(one.pick(pool, {}), "a");
    assert.equal(one.pick(pool, {}), "b");
    assert.equal(two.pick(pool, {}), "a", "a second pool starts at its own beginning");
  });
});
