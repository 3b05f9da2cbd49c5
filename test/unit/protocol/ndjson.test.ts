/** NDJSON framing: lines whatever the chunking, and a size limit that holds memory down. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { LineSplitter } from "../../../src/protocol/ndjson.ts";

function split(
  chunks: Array<Uint8Array | string>,
  max?: number,
): { lines: string[]; over: number } {
  const lines: string[] = [];
  let over = 0;
  const splitter = new LineSplitter(
    (line) => lines.push(line),
    () => over++,
    max,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return { lines, over };
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

describe("LineSplitter", () => {
  test("the same lines however the bytes are chunked, multi-byte characters included", () => {
    const line = fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/[\n]/g, ""));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (lines, at) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8");
          const expected = lines
            .map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
            .filter((l) => l.trim() !== "");
          assert.deepEqual(split(cut(bytes, at)).lines, expected);
        },
      ),
      { seed: 8, numRuns: 500 },
    );
  });

  test("a line over the limit is reported once, dropped whole, and the next line is intact", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 11, max: 500 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (size, at) => {
          const bytes = Buffer.from(`${"x".repeat(size)}\n{"ok":1}\nshort\n`, "utf8");
          const { lines, over } = split(cut(bytes, at), 10);
          assert.equal(over, 1);
          assert.deepEqual(lines, ['{"ok":1}', "short"]);
        },
      ),
      { seed: 9, numRuns: 300 },
    );
  });

  test("the limit counts bytes, not characters", () => {
    assert.deepEqual(split(["ééééé\n"], 10), { lines: ["ééééé"], over: 0 });
    assert.deepEqual(split(["éééééé\n"], 10), { lines: [], over: 1 });
  });

  test("an endless line without a newline holds at most the limit", () => {
    let over = 0;
    const lines: string[] = [];
    const splitter = new LineSplitter(
      (line) => lines.push(line),
      () => over++,
      1024,
    );
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 2000; i++) splitter.push(chunk); // 128 MiB in all
    assert.equal(over, 1);
    assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024);
    splitter.push("\nafter\n");
    assert.deepEqual(lines, ["after"]);
  });

  test("invalid UTF-8 and NUL bytes become a line, not an exception", () => {
    const { lines } = split([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x0a, 0x80, 0x0a])]);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], "\ufffd\ufffd\u0000\ufffd");
  });
});
