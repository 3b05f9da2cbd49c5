/** Entry point of the mcpmux executable (sources, bin/mcpmux.js and the compiled binary). */
import { logger } from "../log.ts";
import { main } from "./commands.ts";

main(process.argv.slice(2)).catch((err: unknown) => {
  logger("cli").error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
