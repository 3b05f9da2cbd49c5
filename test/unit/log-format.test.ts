/**
 * The log line formats: readable text (time, level, component, message,
 * then fields as key=value) and one JSON object per line.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { envFormat, formatLine, type LogRecord } from "../../src/log.ts";

const time = new Date(Date.UTC(2026, 11, 2, 17, 3, 4, 123));
const record = (extra: Partial<LogRecord> = {}): LogRecord => ({
  time,
  level: "info",
  component: "daemon",
  msg: "daemon 123 for /x/mcp.config.ts on /run/a.sock",
  ...extra,
});

describe("readable lines", () => {
  test("time in UTC with ms, padded level, component, message", () => {
    assert.equal(
      formatLine(record(), "text"),
      "2026-12-02T17:03:04.123Z info  daemon: daemon 123 for /x/mcp.config.ts on /run/a.sock\n",
    );
    assert.match(formatLine(record({ level: "error" }), "text"), /Z error daemon: /);
  });

  test("fields follow as key=value, quoted when they hold a space, quote or =", () => {
    const line = formatLine(
      record({
        msg: "m",
        fields: { server: "fs", pid: 7, ok: true, note: 'a "b"', gone: undefined },
      }),
      "text",
    );
    assert.equal(
      line,
      '2026-12-02T17:03:04.123Z info  daemon: m server=fs pid=7 ok=true note="a \\"b\\""\n',
    );
  });
});

describe("JSON lines", () => {
  test("one object per line: time, level, component, msg, then fields", () => {
    const line = formatLine(record({ fields: { server: "fs", pid: 7, gone: undefined } }), "json");
    assert.ok(line.endsWith("\n") && !line.slice(0, -1).includes("\n"));
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ["time", "level", "component", "msg", "server", "pid"]);
    assert.equal(parsed["time"], "2026-12-02T17:03:04.123Z");
    assert.equal(parsed["level"], "info");
    assert.equal(parsed["component"], "daemon");
    assert.equal(parsed["pid"], 7);
  });

  test("a multi-line message stays one line; fields cannot overwrite the core keys", () => {
    const line = formatLine(record({ msg: "a\nb", fields: { level: "x", msg: "y" } }), "json");
    assert.equal(line.split("\n").length, 2);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed["msg"], "a\nb");
    assert.equal(parsed["level"], "info");
  });
});

test("MCPMUX_LOG_FORMAT=json (any case) picks JSON, anything else text", () => {
  assert.equal(envFormat({ MCPMUX_LOG_FORMAT: "JSON" }), "json");
  assert.equal(envFormat({ MCPMUX_LOG_FORMAT: "logfmt" }), "text");
  assert.equal(envFormat({}), "text");
});
