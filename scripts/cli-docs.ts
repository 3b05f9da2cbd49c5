/**
 * The command-line reference made from the command table:
 * `node --import tsx scripts/cli-docs.ts > docs/cli.md` prints docs/cli.md;
 * with `--readme` it rewrites the command list between the README's markers
 * instead. Tests fail, naming these commands, when either is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  cliReference,
  README_END,
  README_START,
  readmeCommands,
} from "../src/cli/cli-reference.ts";

if (process.argv.includes("--readme")) {
  const readme = join(dirname(fileURLToPath(import.meta.url)), "../README.md");
  const text = readFileSync(readme, "utf8");
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end === -1)
    throw new Error(`README.md has no ${README_START} ... ${README_END}`);
  writeFileSync(
    readme,
    text.slice(0, start) + readmeCommands() + text.slice(end + README_END.length),
  );
} else {
  process.stdout.write(cliReference());
}
