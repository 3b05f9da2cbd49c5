/**
 * `mcpmux __plugin-host FILE`: one plugin module served as an MCP server on
 * stdin/stdout, in a process of its own, so a plugin that loops or crashes
 * costs one instance and not the daemon. A plugin that cannot load says why
 * in one stderr line (`plugin load error: FILE:LINE:COL: message`) and the
 * host exits 78.
 */
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { resolve } from "node:path";
import { errorText, logger } from "../log.ts";
import { formatLoadFailure, LOAD_ERROR_EXIT_CODE } from "./load-error.ts";
import { loadPlugin } from "./load.ts";
import { reserveStdoutForMcp } from "./stdout-guard.ts";

export async function runPluginHost(file: string): Promise<void> {
  // First of all: nothing the plugin prints while loading may reach stdout.
  const mcpOut = reserveStdoutForMcp();
  const loaded = await loadPlugin(resolve(file));
  if (!loaded.ok) {
    process.stderr.write(`${formatLoadFailure(loaded.failure)}\n`, () =>
      process.exit(LOAD_ERROR_EXIT_CODE),
    );
    return;
  }
  survivePluginStrayErrors(loaded.name);
  // mcpmux closing the pipe ends the host, even if plugin timers are pending.
  loaded.server.server.onclose = () => process.exit(0);
  await loaded.server.connect(new StdioServerTransport(process.stdin, mcpOut));
}

/**
 * An error thrown from a plugin's timer or a promise nobody awaited is not
 * tied to a request: log it rather than end the process, which would fail
 * every other call in flight on this instance.
 */
function survivePluginStrayErrors(name: string): void {
  const log = logger(`plugin ${name}`);
  const report = (kind: string) => (err: unknown) =>
    log.error(`${kind}: ${err instanceof Error ? (err.stack ?? err.message) : errorText(err)}`);
  process.on("uncaughtException", report("uncaught exception"));
  process.on("unhandledRejection", report("unhandled rejection"));
}
