/** Which instances may take one more call. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { hasFreeSlot } from "../../../src/balance/snapshot.ts";
import { inst } from "./fixtures.ts";

test("a ready instance under its limit has a free slot", () => {
  assert.equal(hasFreeSlot(inst("a", { inFlight: 2, limit: 3 })), true);
});

test("an instance at its limit, or not ready, has none", () => {
  assert.equal(hasFreeSlot(inst("a", { inFlight: 3, limit: 3 })), false);
  assert.equal(hasFreeSlot(inst("a", { ready: false })), false);
});
