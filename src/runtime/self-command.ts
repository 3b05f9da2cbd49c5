/**
 * How to run this same mcpmux again (to start a daemon): the compiled
 * binary, Bun or Deno on the sources, or Node with the loader it was given.
 */
import { runtimeName } from "./detect.ts";

/** The hidden command that hosts one plugin module as an MCP server on stdio. */
export const PLUGIN_HOST_COMMAND = "__plugin-host";

/** How a plugin host's stderr line starts when the plugin does not load (then FILE:LINE:COL: reason). */
export const PLUGIN_LOAD_ERROR = "plugin load error: ";

/** The hidden command that evaluates a config module in a fresh process and prints it as JSON. */
export const CONFIG_JSON_COMMAND = "__config-json";

export function selfCommand(): { command: string; args: string[] } {
  const runtime = runtimeName();
  const script = process.argv[1] ?? "";
  if (runtime === "deno") {
    const deno = (globalThis as unknown as { Deno: { execPath(): string; mainModule: string } })
      .Deno;
    return {
      command: deno.execPath(),
      args: ["run", "--allow-all", new URL(deno.mainModule).pathname],
    };
  }
  if (
    runtime === "bun" &&
    (script === "" || script.startsWith("/$bunfs/") || script.startsWith("B:/~BUN/"))
  ) {
    return { command: process.execPath, args: [] }; // the compiled binary
  }
  return { command: process.execPath, args: [...absoluteLoaders(process.execArgv), script] };
}

/** `--import tsx` resolves from the working directory; the daemon starts elsewhere, so pin it. */
function absoluteLoaders(execArgv: string[]): string[] {
  return execArgv.map((arg, i) => {
    const flag = execArgv[i - 1];
    const isLoader =
      flag === "--import" || flag === "--loader" || flag === "--require" || flag === "-r";
    if (!isLoader || arg.startsWith(".") || arg.startsWith("/") || arg.includes(":")) return arg;
    try {
      return import.meta.resolve(arg);
    } catch {
      return arg;
    }
  });
}
