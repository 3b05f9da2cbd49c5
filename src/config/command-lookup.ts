/**
 * Finding a server's program the way its spawn will: a command with a "/"
 * is a path from the server's working directory; a bare name is searched
 * in the PATH of the environment the server gets (Node and Bun look a
 * command up in the child's env, not mcpmux's own), an empty PATH entry
 * meaning the working directory, as execvp does.
 */
import { delimiter, isAbsolute, join, resolve } from "node:path";

/** What preflight needs from the machine, injectable so tests never touch the real PATH. */
export interface FileSystemView {
  /** What is at `path`, symlinks followed. */
  kind(path: string): "file" | "directory" | "missing" | "other";
  /** Whether this user may execute the file at `path`. */
  executable(path: string): boolean;
}

export type Lookup =
  | { found: string }
  | { missing: "path"; looked: string }
  | { missing: "search"; searched: string[] }
  | { notProgram: string; why: "directory" | "not-executable" };

/** execvp's search path when the environment has no PATH at all. */
const DEFAULT_PATH = "/usr/bin:/bin";

export function lookupCommand(
  command: string,
  cwd: string,
  pathVar: string | undefined,
  fs: FileSystemView,
): Lookup {
  if (command.includes("/")) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return judge(path, fs) ?? { missing: "path", looked: path };
  }
  const dirs = [...new Set((pathVar ?? DEFAULT_PATH).split(delimiter).map((d) => resolve(cwd, d)))];
  let notProgram: Lookup | undefined;
  for (const dir of dirs) {
    const verdict = judge(join(dir, command), fs);
    if (verdict === undefined) continue;
    if ("found" in verdict) return verdict;
    notProgram ??= verdict; // execvp goes on past a file it may not run, and so do we
  }
  return notProgram ?? { missing: "search", searched: dirs };
}

function judge(path: string, fs: FileSystemView): Lookup | undefined {
  const kind = fs.kind(path);
  if (kind === "missing") return undefined;
  if (kind === "directory") return { notProgram: path, why: "directory" };
  return fs.executable(path) ? { found: path } : { notProgram: path, why: "not-executable" };
}
