/**
 * Builds the single executable: `bun scripts/build.ts [OUTFILE]` (default
 * dist/mcpmux). Bytecode makes a shim start in ~10 ms instead of ~60 ms,
 * which is most of the time a new Claude session waits for `initialize`.
 * Splitting keeps each command's modules in chunks of their own, loaded by
 * its `import()`: without it the shim evaluated the whole program (SDK,
 * hono, valibot) and cost 3 MB more per session. The binary does not read a
 * `.env` or `bunfig.toml` from the folder it is started in: a client starts
 * it anywhere, and those belong to that folder's project, not to mcpmux.
 * Runs under Node or Bun; Bun does the building.
 */
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUILD_FLAGS = [
  "--compile",
  "--bytecode",
  "--format=esm",
  "--minify",
  "--splitting",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
];

export function buildBinary(outfile: string): void {
  const bun = join(root, "node_modules/.bin/bun");
  execFileSync(
    bun,
    ["build", ...BUILD_FLAGS, join(root, "src/cli/main.ts"), "--outfile", outfile],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 180_000,
    },
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = resolve(process.argv[2] ?? join(root, "dist/mcpmux"));
  buildBinary(outfile);
  process.stderr.write(`built ${outfile}\n`);
}
