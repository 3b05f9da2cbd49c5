/** Session affinity: pins that hold, move only when their instance goes, and spread by load. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { PinTable } from "../../../src/balance/pin-table.ts";
import { inst } from "./fixtures.ts";

test("a session stays on its instance across calls", () => {
  const pins = new PinTable();
  const pool = [inst("a"), inst("b")];
  const first = pins.pin("s1", pool);
  assert.equal(first, "a");
  for (let i = 0; i < 5; i++) assert.equal(pins.pin("s1", pool), first);
  assert.equal(pins.pinned("s1"), "a");
  assert.equal(pins.pinned("nobody"), undefined);
});

test("new sessions spread by pinned sessions plus in-flight calls", () => {
  const pins = new PinTable();
  const pool = [inst("a"), inst("b"), inst("c")];
  const placed = ["s1", "s2", "s3", "s4", "s5", "s6"].map((s) => pins.pin(s, pool));
  assert.deepEqual(placed, ["a", "b", "c", "a", "b", "c"]);
  const busy = [inst("a", { inFlight: 5 }), inst("b", { inFlight: 1 }), inst("c")];
  assert.equal(pins.pin("s7", busy), "c", "c: 2 sessions + 0 calls is the least loaded");
});

test("never pins to an instance that is not ready", () => {
  const pins = new PinTable();
  assert.equal(pins.pin("s1", [inst("a", { ready: false }), inst("b", { inFlight: 9 })]), "b");
  assert.equal(pins.pin("s2", [inst("a", { ready: false })]), undefined);
  assert.equal(pins.pinned("s2"), undefined);
});

test("keeps its pin while its instance is busy or restarting", () => {
  const pins = new PinTable();
  pins.pin("s1", [inst("a"), inst("b")]);
  assert.equal(pins.pin("s1", [inst("a", { inFlight: 10, ready: false }), inst("b")]), "a");
});

test("adding instances moves no pinned session", () => {
  const pins = new PinTable();
  const pool = [inst("a"), inst("b")];
  for (const s of ["s1", "s2", "s3", "s4"]) pins.pin(s, pool);
  const grown = [...pool, inst("c"), inst("d")];
  assert.deepEqual(
    ["s1", "s2", "s3", "s4"].map((s) => pins.pin(s, grown)),
    ["a", "b", "a", "b"],
  );
  assert.equal(pins.pin("s5", grown), "c", "new sessions go to the empty newcomers");
});

test("dropping an instance re-pins only its own sessions", () => {
  const pins = new PinTable();
  const pool = [inst("a"), inst("b"), inst("c")];
  for (const s of ["s1", "s2", "s3", "s4", "s5", "s6"]) pins.pin(s, pool);
  assert.deepEqual(pins.dropInstance("b"), ["s2", "s5"]);
  assert.equal(pins.pinned("s2"), undefined);
  assert.deepEqual(pins.sessionsOn("b"), []);
  const shrunk = [inst("a"), inst("c")];
  assert.deepEqual(
    ["s1", "s3", "s4", "s6"].map((s) => pins.pin(s, shrunk)),
    ["a", "c", "a", "c"],
    "sessions on surviving instances stay put",
  );
  pins.pin("s2", shrunk);
  pins.pin("s5", shrunk);
  assert.deepEqual(pins.sessionsOn("a"), ["s1", "s4", "s2"]);
  assert.deepEqual(pins.sessionsOn("c"), ["s3", "s6", "s5"]);
});

test("a pin to an instance no longer among the candidates moves to a live one", () => {
  const pins = new PinTable();
  pins.pin("s1", [inst("a")]);
  assert.equal(pins.pin("s1", [inst("b")]), "b");
  assert.deepEqual(pins.sessionsOn("a"), []);
  assert.deepEqual(pins.sessionsOn("b"), ["s1"]);
});

test("unpin frees the session's place, so load counts stay right", () => {
  const pins = new PinTable();
  const pool = [inst("a"), inst("b")];
  pins.pin("s1", pool);
  pins.pin("s2", pool);
  assert.equal(pins.unpin("s1"), true);
  assert.equal(pins.unpin("s1"), false);
  assert.deepEqual(pins.sessionsOn("a"), []);
  assert.equal(pins.pin("s3", pool), "a");
});
