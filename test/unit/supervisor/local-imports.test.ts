import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { localImports } from "../../../src/supervisor/local-imports.ts";
import { tempDir } from "../../helpers/paths.ts";

test("follows relative imports transitively, in every spelling, and never into packages", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "lib"));
  mkdirSync(join(dir, "node_modules/pkg"), { recursive: true });
  writeFileSync(
    join(dir, "mcp.config.ts"),
    [
      `import { defineConfig } from "mcpmux";`,
      `import { a } from "./a.ts";`,
      `import { b } from './b.js';`, // TypeScript's convention: .js names the .ts file
      `export { c } from "./lib";`, // a folder's index
      `const d = await import("./d");`,
      `import "./node_modules/pkg/index.ts";`,
      `import * as v from "valibot";`,
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "a.ts"),
    `import { shared } from "./lib/shared.ts";\nexport const a = 1;`,
  );
  writeFileSync(join(dir, "b.ts"), `export const b = require("./a.ts");`);
  writeFileSync(join(dir, "lib/index.ts"), `export const c = 3;`);
  writeFileSync(
    join(dir, "lib/shared.ts"),
    `import { a } from "../a.ts";\nexport const shared = a;`,
  );
  writeFileSync(join(dir, "d.ts"), `export default 4;`);
  writeFileSync(join(dir, "node_modules/pkg/index.ts"), `export {};`);

  const found = localImports(join(dir, "mcp.config.ts")).map((f) => f.slice(dir.length + 1));
  assert.deepEqual(found.sort(), [
    "a.ts",
    "b.ts",
    "d.ts",
    "lib/index.ts",
    "lib/shared.ts",
    "mcp.config.ts",
  ]);
});

test("a missing import is skipped (the load reports it), the entry is always watched", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "p.ts"), `import { x } from "./missing.ts";`);
  assert.deepEqual(localImports(join(dir, "p.ts")), [join(dir, "p.ts")]);
  assert.deepEqual(localImports(join(dir, "absent.ts")), [join(dir, "absent.ts")]);
});
