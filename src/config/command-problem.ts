/**
 * A command lookup that failed, in words: what was looked for where, and
 * the likely fix (install the tool, fix a typo, make a script executable).
 */
import type { Lookup } from "./command-lookup.ts";
import type { ConfigProblem } from "../validation/problems.ts";

/** Launchers configs commonly name, and where they come from. */
const INSTALL: Record<string, string> = {
  npx: "npx comes with Node.js (https://nodejs.org)",
  npm: "npm comes with Node.js (https://nodejs.org)",
  node: "install Node.js (https://nodejs.org)",
  uvx: "uvx comes with uv (https://docs.astral.sh/uv/)",
  uv: "install uv (https://docs.astral.sh/uv/)",
  python: "install Python, or name python3",
  python3: "install Python (https://www.python.org)",
  docker: "install Docker (https://docs.docker.com/get-docker/)",
  bunx: "bunx comes with Bun (https://bun.sh)",
  bun: "install Bun (https://bun.sh)",
  deno: "install Deno (https://deno.com)",
};

export function commandProblem(
  path: string,
  command: string,
  cwd: string,
  lookup: Lookup,
): ConfigProblem | undefined {
  if ("found" in lookup) return undefined;
  if ("notProgram" in lookup) {
    if (lookup.why === "directory")
      return { path, message: `"${command}" is a folder (${lookup.notProgram}), not a program` };
    return {
      path,
      message: `"${command}" is not executable (${lookup.notProgram})`,
      hint: `make it executable (chmod +x ${lookup.notProgram}), or run it through its interpreter, e.g. command: "node", args: ["${command}"]`,
    };
  }
  if (lookup.missing === "path") {
    return {
      path,
      message: `"${command}" does not exist (looked at ${lookup.looked})`,
      hint: `a relative command is relative to the server's cwd (${cwd}): a typo? or give its absolute path`,
    };
  }
  const install = INSTALL[command];
  return {
    path,
    message: `command "${command}" is not found on the PATH the server gets`,
    hint: `${install === undefined ? `a typo? or install it, or give its absolute path` : `${install}; or give its absolute path`}. Searched: ${lookup.searched.join(":")}`,
  };
}
