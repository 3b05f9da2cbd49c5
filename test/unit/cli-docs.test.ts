/** docs/cli.md is the command table rendered: it fails when the two differ, saying how to regenerate. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  cliReference,
  README_REGENERATE,
  readmeCommands,
  REGENERATE,
} from "../../src/cli/cli-reference.ts";
import { VISIBLE_COMMANDS } from "../../src/cli/command-table.ts";
import { ROOT } from "../helpers/paths.ts";

test("docs/cli.md is up to date with the command table", () => {
  const file = readFileSync(join(ROOT, "docs/cli.md"), "utf8");
  assert.ok(file === cliReference(), `docs/cli.md is out of date: run \`${REGENERATE}\``);
});

test("the reference has a section per visible command", () => {
  const reference = cliReference();
  for (const command of VISIBLE_COMMANDS)
    assert.match(reference, new RegExp(`^### ${command.name}\\n`, "m"));
});

test("the README's command list is up to date with the command table", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.ok(
    readme.includes(readmeCommands()),
    `README.md's command list is out of date: run \`${README_REGENERATE}\``,
  );
});
