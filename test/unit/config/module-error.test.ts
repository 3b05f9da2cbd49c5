/**
 * A `.ts` config that does not load, as each runtime throws it (shapes
 * copied from what Bun 1.4 and tsx 4 really throw), becomes one problem
 * with FILE:LINE:COL, the line, and a hint; never a stack trace.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { problemFromLoadError } from "../../../src/config/module-error.ts";
import { formatProblem } from "../../../src/validation/problems.ts";

const FILE = "/project/mcp.config.ts";
const SOURCES: Record<string, string> = {
  [FILE]: 'import { x } from "./servers.ts";\nexport default defineConfig({\n  servers: {,\n});\n',
  "/project/servers.ts": 'import z from "zod-nope/sub";\nexport const x = {\n  a: 1,,\n};\n',
};
const read = (file: string) => SOURCES[file];

function place(err: unknown): string {
  const p = problemFromLoadError(err, FILE, read);
  return p.at === undefined ? "" : `${p.at.file}:${p.at.line}:${p.at.column}`;
}

/** Bun's BuildMessage (its class is not constructible here: the shape is what counts). */
function buildMessage(message: string, file: string, line: number, column: number) {
  return {
    name: "BuildMessage",
    message,
    position: { file, line, column, lineText: "  servers: {," },
  };
}

describe("problemFromLoadError", () => {
  test("Bun: the first BuildMessage of the AggregateError, 1-based, with Bun's line text", () => {
    const err = new AggregateError(
      [
        buildMessage('Unexpected ","', FILE, 3, 12),
        buildMessage('Expected "}" but found end of file', FILE, 5, 1),
      ],
      `2 errors building "${FILE}"`,
    );
    const p = problemFromLoadError(err, FILE, read);
    assert.equal(place(err), `${FILE}:3:12`);
    assert.equal(p.message, 'syntax error: Unexpected ","');
    assert.equal(p.at?.lineText, "  servers: {,");
    assert.match(p.hint ?? "", /fix the syntax at that place/);
  });

  test("tsx: esbuild's message, its 0-based column made 1-based, the line read from the file", () => {
    const err = new Error(`Transform failed with 1 error:\n${FILE}:3:11: ERROR: Unexpected ","`);
    const p = problemFromLoadError(err, FILE, read);
    assert.equal(place(err), `${FILE}:3:12`);
    assert.equal(p.message, 'syntax error: Unexpected ","');
    assert.equal(p.at?.lineText, "  servers: {,");
  });

  test("tsx names x.mts 'x.ts' to esbuild: the place is still the config", () => {
    const mts = "/project/mcp.config.mts";
    const err = new Error(`Transform failed with 1 error:\n/project/mcp.config.ts:3:11: ERROR: x`);
    assert.equal(problemFromLoadError(err, mts, read).at?.file, mts);
  });

  test("a syntax error in an imported file names that file", () => {
    const err = new Error(
      `Transform failed with 1 error:\n/project/servers.ts:3:7: ERROR: Unexpected ","`,
    );
    assert.equal(place(err), "/project/servers.ts:3:8");
  });

  test("Bun: a missing import (ResolveMessage) is placed where the importer names it", () => {
    const err = Object.assign(new Error("Cannot find module './servers.ts' imported from x"), {
      name: "ResolveMessage",
      code: "ERR_MODULE_NOT_FOUND",
      specifier: "./servers.ts",
      referrer: `${FILE}?load=1712345`,
      position: null,
    });
    const p = problemFromLoadError(err, FILE, read);
    assert.equal(place(err), `${FILE}:1:20`);
    assert.equal(p.message, 'cannot find module "./servers.ts"');
    assert.match(p.hint ?? "", /relative import/);
  });

  test("Node ESM names the module resolved: it is found as the importer wrote it", () => {
    const err = Object.assign(
      new Error(`Cannot find module '/project/servers.ts' imported from ${FILE}`),
      { code: "ERR_MODULE_NOT_FOUND" },
    );
    assert.equal(place(err), `${FILE}:1:20`);
    assert.equal(
      problemFromLoadError(err, FILE, read).message,
      'cannot find module "./servers.ts"',
    );
  });

  test("Node CommonJS: the importer is the first of the require stack; a package gets an install hint", () => {
    const err = Object.assign(
      new Error("Cannot find module 'zod-nope/sub'\nRequire stack:\n- /project/servers.ts"),
      { code: "MODULE_NOT_FOUND", requireStack: ["/project/servers.ts", FILE] },
    );
    const p = problemFromLoadError(err, FILE, read);
    assert.equal(place(err), "/project/servers.ts:1:16");
    assert.match(p.hint ?? "", /npm install zod-nope in the config's folder/);
    assert.doesNotMatch(formatProblem(p), /Require stack/);
  });

  test("a throw while the config runs: the first frame in the config's folder, no stack", () => {
    const bun = Object.assign(new Error("boom"), {
      stack: `Error: boom\n    at /project/servers.ts:2:11\n    at moduleEvaluation (native:1:11)`,
    });
    const node = Object.assign(new Error("boom"), {
      stack: `Error: boom\n    at file:///usr/lib/node_modules/x/index.js:1:1\n    at <anonymous> (file:///project/mcp.config.ts?load=17:2:7)\n    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)`,
    });
    assert.equal(place(bun), "/project/servers.ts:2:11");
    assert.equal(place(node), `${FILE}:2:7`);
    const text = formatProblem(problemFromLoadError(node, FILE, read));
    assert.match(text, /the config threw while loading: boom/);
    assert.doesNotMatch(text, /ModuleJob|node:internal/);
  });

  test("anything else: the first line of its message, or what was thrown", () => {
    assert.equal(
      problemFromLoadError(new Error("odd\n    at x"), FILE, read).message,
      "could not load: odd",
    );
    assert.equal(problemFromLoadError("a string", FILE, read).message, "could not load: a string");
  });
});
