import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Breaker } from "../../../src/balance/breaker.ts";

const options = { failures: 3, cooldownMs: 1000, maxCooldownMs: 4000 };

describe("Breaker", () => {
  test("closed until N failures in a row; a success in between starts the count over", () => {
    const b = new Breaker(options);
    assert.equal(b.failure(0, "timeout"), false);
    assert.equal(b.failure(1, "timeout"), false);
    b.success();
    assert.equal(b.failure(2, "timeout"), false);
    assert.equal(b.failure(3, "timeout"), false);
    assert.equal(b.state(3), "closed");
    assert.equal(b.failure(4, "crashed"), true);
    assert.equal(b.state(4), "open");
    assert.equal(b.allows(4), false);
    assert.equal(b.retryAt, 1004);
    assert.deepEqual(b.lastFailure, { at: 4, reason: "crashed" });
  });

  test("open: late failures of calls sent before do not extend it", () => {
    const b = new Breaker(options);
    for (let i = 0; i < 3; i++) b.failure(0, "timeout");
    assert.equal(b.failure(500, "timeout"), false);
    assert.equal(b.retryAt, 1000);
  });

  test("half-open after the cool-down lets exactly one probe through", () => {
    const b = new Breaker(options);
    for (let i = 0; i < 3; i++) b.failure(0, "timeout");
    assert.equal(b.state(999), "open");
    assert.equal(b.state(1000), "half-open");
    assert.equal(b.allows(1000), true);
    b.dispatched(1000);
    assert.equal(b.allows(1001), false, "a second call waits for the probe");
    b.success();
    assert.equal(b.state(1002), "closed");
    assert.equal(b.allows(1002), true);
  });

  test("a failed probe opens it again for twice as long, up to the cap; success resets the growth", () => {
    const b = new Breaker(options);
    for (let i = 0; i < 3; i++) b.failure(0, "timeout");
    let now = 1000;
    const cooldowns: number[] = [];
    for (let round = 0; round < 4; round++) {
      b.dispatched(now);
      assert.equal(b.failure(now, "timeout"), true);
      cooldowns.push((b.retryAt ?? 0) - now);
      now = b.retryAt ?? now;
    }
    assert.deepEqual(cooldowns, [2000, 4000, 4000, 4000]);
    b.dispatched(now);
    b.success();
    for (let i = 0; i < 3; i++) b.failure(now, "timeout");
    assert.equal((b.retryAt ?? 0) - now, 1000, "after a success the first opening is short again");
  });

  test("a probe that ends without a verdict (cancelled) frees the slot for another probe", () => {
    const b = new Breaker(options);
    for (let i = 0; i < 3; i++) b.failure(0, "timeout");
    b.dispatched(1000);
    assert.equal(b.allows(1000), false);
    b.released();
    assert.equal(b.allows(1000), true);
    assert.equal(b.state(1000), "half-open");
  });
});
