/**
 * What `init` and `import` tell the user instead of a stack trace: a
 * sentence naming the file or folder and what to do, and the exit code.
 * Thrown by the setup modules, printed by the CLI.
 */
import { existsSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export class SetupError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/** The reason an fs call failed, in words, with what to do where there is something. */
export function fsReason(err: unknown): string {
  switch (code(err)) {
    case "EACCES":
    case "EPERM":
      return "permission denied (choose another place with --out, or fix the folder's permissions)";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "EISDIR":
      return "it is a folder";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ENOENT":
      return "no such file or folder";
    default:
      return (err as Error).message;
  }
}

/**
 * Refuses before anything is written when the file's folder is missing: a
 * mistyped path should not grow a tree of folders, so the user creates it.
 * A path that is itself a folder is refused too (it wants a file name).
 */
export function checkWritable(file: string): void {
  const folder = dirname(file);
  let info;
  try {
    info = statSync(folder);
  } catch (err) {
    if (code(err) === "ENOENT")
      throw new SetupError(
        `the folder ${folder} does not exist; create it first (mkdir -p ${folder}) or choose another --out`,
      );
    throw new SetupError(`cannot write into ${folder}: ${fsReason(err)}`);
  }
  if (!info.isDirectory())
    throw new SetupError(`cannot write ${file}: ${folder} is a file, not a folder`);
  let target;
  try {
    target = statSync(file);
  } catch {
    return; // not there yet: the usual case
  }
  if (target.isDirectory())
    throw new SetupError(`${file} is a folder; give a file name, e.g. ${file}/mcp.config.ts`);
}

export function refuseOverwrite(file: string, force: boolean): void {
  if (existsSync(file) && !force)
    throw new SetupError(`${file} exists; pass --force to overwrite it`);
}

/**
 * Writes a file whole or not at all: a temp file beside it, renamed over
 * it. A settings file that Claude Code rewrites while it runs is never seen
 * half-written; a symlinked one is written where it points, with its mode.
 */
export function writeOrFail(file: string, text: string): void {
  const target = existsSync(file) ? realpathSync(file) : file;
  const temp = `${target}.mcpmux-${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode: existsSync(target) ? statSync(target).mode & 0o777 : 0o666 });
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new SetupError(`cannot write ${file}: ${fsReason(err)}`);
  }
}
