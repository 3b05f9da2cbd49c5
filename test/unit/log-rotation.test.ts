/**
 * Rotating the daemon's log file: past the size cap it is copied to `.1`
 * (older ones shifted up, at most three kept) and emptied in place, so the
 * fd the daemon writes through (append mode) goes on writing into it.
 */
import assert from "node:assert/strict";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { maxBytes, rotateIfOver } from "../../src/daemon/log-file.ts";
import { tempDir } from "../helpers/paths.ts";

test("past the cap the file rotates; at most three old files are kept, newest in .1", () => {
  const path = join(tempDir("mcpmux-log-"), "abc.log");
  const fd = openSync(path, "a", 0o600);
  try {
    const rotations: number[] = [];
    for (let i = 0; i < 10; i++) {
      writeSync(fd, `line ${i} ${"x".repeat(40)}\n`);
      if (rotateIfOver(path, fd, 100)) rotations.push(i);
    }
    assert.deepEqual(rotations, [2, 5, 8], "every third 48-byte line passes 100 bytes");
    assert.deepEqual(readdirSync(join(path, "..")).sort(), [
      "abc.log",
      "abc.log.1",
      "abc.log.2",
      "abc.log.3",
    ]);
    // The fd wrote on at the top of the emptied file, not at its old offset.
    assert.match(readFileSync(path, "utf8"), /^line 9 x+\n$/);
    assert.match(readFileSync(`${path}.1`, "utf8"), /^line 6 .*\nline 7 .*\nline 8 .*\n$/);
    assert.match(readFileSync(`${path}.3`, "utf8"), /^line 0 /);
    writeSync(fd, "y".repeat(200));
    assert.ok(rotateIfOver(path, fd, 100));
    assert.match(readFileSync(`${path}.3`, "utf8"), /^line 3 /, "the oldest went");
    assert.equal(existsSync(`${path}.4`), false);
  } finally {
    closeSync(fd);
  }
});

test("a file moved away by hand is not rotated", () => {
  const path = join(tempDir("mcpmux-log-"), "abc.log");
  const other = openSync(join(path, "..", "other.log"), "a");
  try {
    writeSync(other, "z".repeat(500));
    assert.equal(rotateIfOver(path, other, 100), false);
    assert.equal(existsSync(`${path}.1`), false);
  } finally {
    closeSync(other);
  }
});

test("MCPMUX_LOG_MAX_BYTES sets the cap; a bad value keeps 10 MiB", () => {
  assert.equal(maxBytes({ MCPMUX_LOG_MAX_BYTES: "4096" }), 4096);
  assert.equal(maxBytes({ MCPMUX_LOG_MAX_BYTES: "lots" }), 10 * 1024 * 1024);
  assert.equal(maxBytes({ MCPMUX_LOG_MAX_BYTES: "0" }), 10 * 1024 * 1024);
  assert.equal(maxBytes({}), 10 * 1024 * 1024);
});
