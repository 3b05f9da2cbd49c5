import assert from "node:assert/strict";
import { test } from "node:test";
import { shellWord } from "../../../src/setup/shell-word.ts";

test("words a shell would change are single-quoted; safe ones stay as they are", () => {
  assert.equal(
    shellWord("/home/me/.config/mcpmux/mcp.config.ts"),
    "/home/me/.config/mcpmux/mcp.config.ts",
  );
  assert.equal(
    shellWord("/home/me/My Configs/mcp.config.ts"),
    "'/home/me/My Configs/mcp.config.ts'",
  );
  assert.equal(shellWord("$HOME/`x`"), "'$HOME/`x`'");
  assert.equal(shellWord("it's"), "'it'\\''s'");
  assert.equal(shellWord(""), "''");
});
