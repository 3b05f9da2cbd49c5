/**
 * The runtime's floor, built in the bench run with the Bun the binary is
 * built with: one-line programs compiled the way a single executable is
 * (`bun build --compile --bytecode --minify`). A shim cannot start faster
 * than `hello` runs, nor weigh less than `stdin` idling.
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT, tempDir } from "../test/helpers/paths.ts";

const PROGRAMS = {
  /** Writes "hello" and exits. */
  hello: `process.stdout.write("hello\\n");`,
  /** Reads stdin until it ends, doing nothing else. */
  stdin: `process.stdin.on("data", () => {});`,
} as const;

export type BunProgram = keyof typeof PROGRAMS;

/** Compiles `name` into a temp dir; returns the executable's path. */
export function buildBunProgram(name: BunProgram): string {
  const dir = tempDir(`mcpmux-bench-bun-${name}-`);
  const source = join(dir, `${name}.ts`);
  const outfile = join(dir, name);
  writeFileSync(source, `${PROGRAMS[name]}\n`);
  execFileSync(
    join(ROOT, "node_modules/.bin/bun"),
    ["build", "--compile", "--bytecode", "--minify", source, "--outfile", outfile],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"], timeout: 120_000 },
  );
  return outfile;
}

/** Deletes a program built here, with its temp dir (each is ~100 MB: a whole runtime). */
export function removeBunProgram(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}
