/**
 * The local files a config or plugin module depends on: itself, and every
 * relative import, followed transitively. Found by reading the sources
 * (import/export ... from, dynamic import(), require()), not by asking the
 * runtime, so it works the same on Node, Bun, Deno and the compiled binary.
 * Packages (bare specifiers) and node_modules are never followed: editing
 * them is not editing the config.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

const MAX_FILES = 200;
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
const EXTENSIONS = ["", ".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".json"];

export function localImports(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // gone or unreadable: the load itself will say so
    }
    for (const match of text.matchAll(SPECIFIER)) {
      const target = resolveLocal(dirname(file), match[1] as string);
      if (target !== undefined && !target.includes("/node_modules/")) queue.push(target);
    }
  }
  return [...seen];
}

/** `./x`, `./x.ts`, `./x.js` written for `./x.ts` (TypeScript's convention), `./dir/index.ts`. */
function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  const stems = [base, base.replace(/\.(m|c)?js$/, "")];
  for (const stem of stems) {
    for (const ext of EXTENSIONS) if (isFile(stem + ext)) return stem + ext;
    for (const ext of EXTENSIONS.slice(1))
      if (isFile(resolve(stem, `index${ext}`))) return resolve(stem, `index${ext}`);
  }
  return undefined;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
