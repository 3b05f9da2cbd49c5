import assert from "node:assert/strict";
import { test } from "node:test";
import type { SharePolicy } from "../../../src/config/schema.ts";
import { Placement, type Member } from "../../../src/pool/placement.ts";
import { harness, inst } from "../balance/fixtures.ts";

/** A pool as placement sees it: instances with a state and calls in flight, growing up to `max`. */
class FakePool {
  readonly members: Array<Member & { state: string; inFlight: number }> = [];
  constructor(
    count: number,
    private readonly max = 4,
    private readonly limit = 1,
  ) {
    for (let i = 0; i < count; i++) this.add("ready");
  }
  add(state: string) {
    const member = { id: `m${this.members.length + 1}`, state, inFlight: 0 };
    this.members.push(member);
    return member;
  }
  placement(share: SharePolicy) {
    return new Placement(share, {
      all: () => this.members,
      available: () => this.members.filter((m) => m.state === "ready"),
      free: (m) =>
        m.state === "ready" ? this.limit - this.members.find((x) => x === m)!.inFlight : 0,
      snapshot: (m) =>
        inst(m.id, { inFlight: (m as { inFlight: number }).inFlight, limit: this.limit }),
      spawn: () => (this.members.length < this.max ? this.add("starting") : undefined),
      spares: () => 1,
    });
  }
}

const balancer = harness("least-connections").balancer;

test("shared: the least-loaded instance with a free slot; none free means wait", () => {
  const pool = new FakePool(2);
  const placement = pool.placement("shared");
  pool.members[0]!.inFlight = 1;
  assert.equal(placement.choose("s1", undefined, balancer)?.id, "m2");
  pool.members[1]!.inFlight = 1;
  assert.equal(placement.choose("s1", undefined, balancer), undefined);
});

test("affinity: a session keeps its instance while it lives, waiting rather than moving; new sessions spread", () => {
  const pool = new FakePool(2);
  const placement = pool.placement("affinity");
  const first = placement.choose("a", undefined, balancer);
  assert.ok(first !== undefined);
  first.inFlight = 1;
  assert.equal(
    placement.choose("a", undefined, balancer),
    undefined,
    "a waits for its own instance",
  );
  assert.notEqual(placement.choose("b", undefined, balancer)?.id, first.id, "b goes elsewhere");
  first.inFlight = 0;
  assert.equal(placement.choose("a", undefined, balancer)?.id, first.id);
  placement.forget(first);
  pool.members.splice(pool.members.indexOf(first), 1);
  assert.equal(
    placement.choose("a", undefined, balancer)?.id,
    "m2",
    "a new pin when its instance left",
  );
});

test("session: each session gets its own instance from the spares, a new spare starts, release hands it back", () => {
  const pool = new FakePool(1);
  const placement = pool.placement("session");
  const a = placement.choose("a", undefined, balancer);
  assert.equal(a?.id, "m1");
  assert.equal(pool.members.length, 2, "a spare was started for the next session");
  assert.equal(
    placement.choose("b", undefined, balancer),
    undefined,
    "b's instance is still starting",
  );
  assert.ok(placement.isOwned(pool.members[1]!), "but it is b's");
  pool.members[1]!.state = "ready";
  assert.equal(placement.choose("b", undefined, balancer)?.id, "m2");
  assert.equal(placement.choose("a", undefined, balancer)?.id, "m1", "sessions never share");
  assert.equal(placement.release("a")?.id, "m1");
  assert.equal(placement.isOwned(pool.members[0]!), false);
});

test("session: at max, a new session waits instead of sharing someone's instance", () => {
  const pool = new FakePool(1, 1);
  const placement = pool.placement("session");
  assert.equal(placement.choose("a", undefined, balancer)?.id, "m1");
  assert.equal(placement.choose("b", undefined, balancer), undefined);
});
