/**
 * The file watch against the ways editors save, on the real file system:
 * in place, in a burst of writes, by renaming a temp file over the original
 * (which ends a watch on the file itself), by deleting then writing; and a
 * touch or a save of the same text is not an edit.
 */
import assert from "node:assert/strict";
import { renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { watchFiles } from "../../../src/runtime/watch-files.ts";
import { tempDir } from "../../helpers/paths.ts";

const DEBOUNCE_MS = 60;
const settle = () => new Promise((r) => setTimeout(r, DEBOUNCE_MS * 5));

function setup() {
  const dir = tempDir();
  const file = join(dir, "mcp.config.ts");
  const other = join(dir, "other.ts");
  writeFileSync(file, "v1");
  writeFileSync(other, "x");
  const seen: string[][] = [];
  const watch = watchFiles([file], (changed) => seen.push(changed), DEBOUNCE_MS);
  return { dir, file, other, seen, watch };
}

test("a write in place is one change", async () => {
  const { file, seen, watch } = setup();
  writeFileSync(file, "v2");
  await settle();
  watch.close();
  assert.deepEqual(seen, [[file]]);
});

test("a burst of writes is one change", async () => {
  const { file, seen, watch } = setup();
  for (let i = 0; i < 5; i++) writeFileSync(file, `v${i + 2}`);
  await settle();
  watch.close();
  assert.deepEqual(seen, [[file]]);
});

test("save by rename, twice: each is seen (the watch survives the first rename)", async () => {
  const { dir, file, seen, watch } = setup();
  for (const text of ["v2", "v3"]) {
    writeFileSync(join(dir, ".tmp"), text);
    renameSync(join(dir, ".tmp"), file);
    await settle();
  }
  watch.close();
  assert.deepEqual(seen, [[file], [file]]);
});

test("delete, then write: one change, once the new text is there", async () => {
  const { file, seen, watch } = setup();
  rmSync(file);
  await settle();
  assert.deepEqual(seen, [], "a missing file is not reported");
  writeFileSync(file, "v2");
  await settle();
  watch.close();
  assert.deepEqual(seen, [[file]]);
});

test("a touch, the same text saved again, or another file in the folder: no change", async () => {
  const { file, other, seen, watch } = setup();
  utimesSync(file, new Date(), new Date());
  writeFileSync(file, "v1");
  writeFileSync(other, "y");
  await settle();
  watch.close();
  assert.deepEqual(seen, []);
});

test("files added later are watched; files dropped are not", async () => {
  const { file, other, seen, watch } = setup();
  watch.setFiles([other]);
  writeFileSync(file, "v2");
  writeFileSync(other, "y");
  await settle();
  watch.close();
  assert.deepEqual(seen, [[other]]);
});
