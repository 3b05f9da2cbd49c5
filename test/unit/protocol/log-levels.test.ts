/** MCP logging levels (RFC 5424 severities) and choosing the level to ask upstream for. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  LOG_LEVELS,
  isLogLevel,
  levelRank,
  mostVerbose,
} from "../../../src/protocol/log-levels.ts";

// The eight levels of the MCP spec, least to most severe (RFC 5424 order).
const SPEC = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

describe("log levels", () => {
  test("are exactly the eight MCP levels, least to most severe", () => {
    assert.deepEqual([...LOG_LEVELS], SPEC);
  });

  test("levelRank grows with severity", () => {
    for (let i = 1; i < SPEC.length; i++) {
      assert.ok(levelRank(SPEC[i - 1]) < levelRank(SPEC[i]), `${SPEC[i - 1]} < ${SPEC[i]}`);
    }
    assert.ok(levelRank("debug") >= 0);
  });

  test("levelRank of anything else is below every real level", () => {
    for (const other of ["DEBUG", "warn", "trace", "", undefined, null, 3, {}]) {
      assert.ok(levelRank(other) < levelRank("debug"), String(other));
    }
  });

  test("isLogLevel accepts the spec's levels only (case-sensitive)", () => {
    for (const level of SPEC) assert.equal(isLogLevel(level), true, level);
    for (const other of ["DEBUG", "Info", "warn", "fatal", "", " info", "toString", 0, null]) {
      assert.equal(isLogLevel(other), false, String(other));
    }
  });
});

describe("mostVerbose", () => {
  test("picks the least severe of the levels asked for", () => {
    assert.equal(mostVerbose(["error", "debug", "warning"]), "debug");
    assert.equal(mostVerbose(["emergency", "notice", "alert"]), "notice");
    assert.equal(mostVerbose(["critical"]), "critical");
  });

  test("ignores sessions that asked for nothing", () => {
    assert.equal(mostVerbose([undefined, "error", undefined, "info"]), "info");
  });

  test("is undefined when nobody asked for a level", () => {
    assert.equal(mostVerbose([]), undefined);
    assert.equal(mostVerbose([undefined, undefined]), undefined);
  });

  test("accepts any iterable, such as a Set or a generator", () => {
    assert.equal(mostVerbose(new Set(["alert", "notice"] as const)), "notice");
    function* levels() {
      yield "warning" as const;
      yield undefined;
      yield "info" as const;
    }
    assert.equal(mostVerbose(levels()), "info");
  });
});
