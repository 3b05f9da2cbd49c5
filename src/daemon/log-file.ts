/**
 * The log file of a daemon started by a shim, kept from growing forever.
 *
 * The shim opens `<id>.log` (append mode) as the daemon's stdout and stderr
 * and names it in MCPMUX_LOG_FILE. The daemon keeps writing through that
 * inherited fd, so everything reaches the same file: its log lines, and
 * what the runtime prints by itself (a config error at start, a crash
 * stack at any time, which the shim shows when a daemon dies starting).
 * Once the file passes MCPMUX_LOG_MAX_BYTES (10 MiB by default), the daemon
 * rotates it the copy-and-truncate way: `.2` → `.3`, `.1` → `.2`, the file
 * copied to `.1`, then emptied in place. Renaming it away instead would
 * leave the fd writing into `.1` (and, later, into a deleted file) with no
 * way to reopen fd 2 portably; since the fd is in append mode, writes after
 * the truncation start again at the top of the emptied file.
 */
import {
  copyFileSync,
  fstatSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { setLogSink } from "../log.ts";

/** Set by the shim for the daemon it starts: the log file its stderr is opened on. */
export const LOG_FILE_ENV = "MCPMUX_LOG_FILE";
export const MAX_BYTES_ENV = "MCPMUX_LOG_MAX_BYTES";
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Old files kept beside the live one: `<id>.log.1` (newest) .. `.3`. */
export const KEPT_FILES = 3;

const STDERR = 2;

type Env = Record<string, string | undefined>;

export function maxBytes(env: Env): number {
  const n = Number(env[MAX_BYTES_ENV]);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_BYTES;
}

/** Shifts the old files up by one (dropping the oldest), copies `path` to `.1` and empties it. */
export function rotate(path: string, kept: number = KEPT_FILES): void {
  rmSync(`${path}.${kept}`, { force: true });
  for (let i = kept - 1; i >= 1; i--) {
    try {
      renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  copyFileSync(path, `${path}.1`);
  truncateSync(path, 0);
}

/**
 * Rotates when the file `fd` writes into is over `max` bytes, and only while
 * `path` still names that file: one moved or deleted by hand is left alone.
 */
export function rotateIfOver(path: string, fd: number, max: number, kept = KEPT_FILES): boolean {
  const open = fstatSync(fd);
  if (open.size <= max || !sameFile(path, open)) return false;
  rotate(path, kept);
  return true;
}

function sameFile(path: string, open: { dev: number; ino: number }): boolean {
  const onDisk = statSync(path, { throwIfNoEntry: false });
  return onDisk !== undefined && onDisk.dev === open.dev && onDisk.ino === open.ino;
}

/**
 * Routes log lines through fd 2 with a size check after each, when the
 * shim said which file that is (and fd 2 really is that file: a daemon run
 * by hand with the variable set but stderr on a terminal keeps plain
 * stderr). Returns whether it did.
 */
export function installLogFile(path: string | undefined, env: Env): boolean {
  if (path === undefined || path === "") return false;
  let open;
  try {
    open = fstatSync(STDERR);
  } catch {
    return false;
  }
  if (!open.isFile() || !sameFile(path, open)) return false;
  const max = maxBytes(env);
  const check = (): void => {
    try {
      rotateIfOver(path, STDERR, max);
    } catch {
      // A log that cannot rotate (disk full, a permission changed) must not stop the daemon.
    }
  };
  setLogSink((line) => {
    // Synchronous on every runtime, so a rotation never copies ahead of a queued line.
    writeSync(STDERR, line);
    check();
  });
  check(); // a file grown past the cap by an earlier daemon
  return true;
}
