/**
 * Prints docs/cli.md, the command-line reference made from the command
 * table: `node --import tsx scripts/cli-docs.ts > docs/cli.md`.
 */
import { cliReference } from "../src/cli/cli-reference.ts";

process.stdout.write(cliReference());
