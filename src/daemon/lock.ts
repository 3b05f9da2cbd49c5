/**
 * A cross-process lock file (created with O_EXCL, holding the owner's pid),
 * so that shims starting at the same moment start exactly one daemon. A lock
 * whose owner is gone is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, "wx", 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

function ownerGone(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return true; // vanished meanwhile: try again
  }
  const pid = Number(text);
  // An empty file is a lock being written right now: not stale.
  return text !== "" && (!Number.isInteger(pid) || !processAlive(pid));
}

/** Resolves with a release function once the lock is held; rejects after `timeoutMs`. */
export async function acquireLock(path: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (tryCreate(path)) return () => rmSync(path, { force: true });
    if (ownerGone(path)) rmSync(path, { force: true });
    else await new Promise((r) => setTimeout(r, 25 + Math.random() * 25));
  }
  throw new Error(`could not take the lock ${path} within ${timeoutMs} ms`);
}
