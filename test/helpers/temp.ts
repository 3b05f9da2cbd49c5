/**
 * Temporary folders of a test run, removed when the run's process exits, so
 * a run leaves no /tmp/mcpmux-test-* behind (each test file runs in a
 * process of its own). A daemon a test started may still write into its
 * folder at that moment: removal is best effort and never fails the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
let hooked = false;

function removeAll(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // still in use by a process that outlived the test: the OS cleans /tmp
    }
  }
}

/** A fresh folder under the system temp dir, removed when this process exits. */
export function tempDir(prefix = "mcpmux-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.once("exit", removeAll);
  }
  return dir;
}
