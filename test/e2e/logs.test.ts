/**
 * The log of a daemon started by a shim: with MCPMUX_LOG_FORMAT=json every
 * line in its file is a JSON object with time, level and component, and
 * past MCPMUX_LOG_MAX_BYTES the file rotates (`.1` .. `.3`), the daemon
 * writing on into the emptied file.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { locate } from "../../src/daemon/locations.ts";
import { DaemonRun } from "../helpers/daemon-run.ts";
import { FROM_SOURCES } from "../helpers/mux.ts";
import { servers, writeConfig } from "../helpers/paths.ts";

const file = writeConfig({ servers: { probe: servers.probe() } });
const daemon = new DaemonRun(file, FROM_SOURCES);
Object.assign(daemon.env, {
  MCPMUX_LOG_FORMAT: "json",
  MCPMUX_LOG: "debug",
  MCPMUX_LOG_MAX_BYTES: "200", // two lines or so
});
after(() => daemon.close());

test("a shim's daemon writes JSON lines to its log file, and rotates it past the cap, keeping three old files", async () => {
  const where = locate(file, daemon.env);
  const log = where.log;
  await daemon.session("logs");
  // Its start lines pass the cap already; each reload adds one more.
  for (let i = 0; i < 6; i++) await daemon.mcpmux("reload");
  assert.ok(existsSync(`${log}.3`), `not rotated thrice; the log:\n${daemon.log()}`);
  const files = readdirSync(join(log, "..")).filter((f) => f.startsWith(`${where.id}.log`));
  const lines = files
    .flatMap((f) => readFileSync(join(log, "..", f), "utf8").split("\n"))
    .filter((line) => line !== "");
  assert.ok(lines.length > 0);
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.match(String(entry["time"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
    assert.ok(["debug", "info", "warn", "error"].includes(String(entry["level"])), line);
    assert.equal(typeof entry["component"], "string", line);
    assert.equal(typeof entry["msg"], "string", line);
  }
  assert.deepEqual(
    files.sort(),
    ["", ".1", ".2", ".3"].map((n) => `${where.id}.log${n}`),
    "the live file and three old ones, no more",
  );
});
