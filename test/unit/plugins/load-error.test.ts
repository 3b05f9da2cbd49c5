/** The one line a plugin that cannot load is reported with: where, when it can be known, and why. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { failureFromError, formatLoadFailure } from "../../../src/plugins/load-error.ts";

const FILE = "/home/me/plugins/notes.ts";

describe("plugin load errors", () => {
  test("tsx's esbuild syntax error: its position, the column made 1-based like editors show", () => {
    const err = new Error(`Transform failed with 1 error:\n${FILE}:3:15: ERROR: Unexpected ","`);
    assert.equal(
      formatLoadFailure(failureFromError(err, FILE)),
      `plugin load error: ${FILE}:3:16: Unexpected ","`,
    );
  });

  test("Bun's BuildMessage: the position it carries", () => {
    const err = Object.assign(new Error("Unexpected ,"), {
      position: { file: FILE, line: 3, column: 16 },
    });
    assert.equal(
      formatLoadFailure(failureFromError(err, FILE)),
      `plugin load error: ${FILE}:3:16: Unexpected ,`,
    );
  });

  test("a throw while loading: the first stack frame in the plugin file, as a path or a file URL", () => {
    const err = new Error("NOTES_DIR is not set");
    err.stack = [
      "Error: NOTES_DIR is not set",
      "    at requireEnv (/home/me/plugins/lib/env.ts:4:9)",
      `    at <anonymous> (${FILE}:12:20)`,
      `    at <anonymous> (${FILE}:30:1)`,
    ].join("\n");
    assert.equal(
      formatLoadFailure(failureFromError(err, FILE)),
      `plugin load error: ${FILE}:12:20: NOTES_DIR is not set`,
    );
    err.stack = `Error: NOTES_DIR is not set\n    at file://${FILE}:7:3`;
    assert.match(formatLoadFailure(failureFromError(err, FILE)), /notes\.ts:7:3: NOTES_DIR/);
  });

  test("no position known: the file and the first line of the message", () => {
    const err = new Error(
      "Cannot find module 'left-pad'\nRequire stack:\n- /home/me/plugins/notes.ts",
    );
    err.stack =
      "Error: Cannot find module 'left-pad'\n    at Module._resolveFilename (node:internal)";
    assert.equal(
      formatLoadFailure(failureFromError(err, FILE)),
      `plugin load error: ${FILE}: Cannot find module 'left-pad'`,
    );
  });

  test("whatever was thrown, the report is one line", () => {
    assert.equal(
      formatLoadFailure(failureFromError("a string\nover lines", FILE)),
      `plugin load error: ${FILE}: a string over lines`,
    );
    assert.equal(
      formatLoadFailure({ file: FILE, message: "invalid plugin definition:\n  a\n  b" }),
      `plugin load error: ${FILE}: invalid plugin definition: a b`,
    );
  });
});
