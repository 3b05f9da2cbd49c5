/**
 * Entry point of the mcpmux executable (sources, bin/mcpmux.js and the
 * compiled binary). An error no command handled is printed as its message:
 * a stack trace tells a user nothing (in the binary it points into minified
 * code), so it is printed only with MCPMUX_LOG=debug, for a bug report.
 */
import { main } from "./commands.ts";
import { EXIT } from "./exit-codes.ts";

function report(err: unknown): void {
  const debug = process.env["MCPMUX_LOG"]?.toLowerCase() === "debug";
  const message = err instanceof Error ? err.message : String(err);
  const stack = debug && err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : "";
  process.stderr.write(`mcpmux: ${message}${stack}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  report(err);
  process.exit(EXIT.failure);
});
