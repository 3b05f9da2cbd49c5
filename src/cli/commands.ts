/**
 * The mcpmux command line. Each command loads only what it needs, so the
 * shim behind `mcpmux stdio` starts fast and small (the help texts too are
 * loaded only when shown). Everything the user reads goes to stderr except
 * help, `--version`, `check` and `status`, and `stdio` keeps stdout for MCP
 * messages alone.
 */
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "../config/http.ts";
import { locateConfig } from "../config/locate.ts";
import { CONFIG_JSON_COMMAND, PLUGIN_HOST_COMMAND } from "../runtime/self-command.ts";
import { VERSION } from "../version.ts";
import { parseCli, type CliArgs } from "./args.ts";
import { EXIT } from "./exit-codes.ts";

function usageError(message: string, hint: string): never {
  process.stderr.write(`mcpmux: ${message}\nRun \`${hint}\` for usage.\n`);
  process.exit(EXIT.usage);
}

export async function main(argv: string[]): Promise<void> {
  const parsed = parseCli(argv);
  if (!parsed.ok) usageError(parsed.error, parsed.hint);
  const args = parsed.args;
  if (args.help || args.command === "help")
    return (await import("./help-command.ts")).runHelp(args);
  if (args.version) return void process.stdout.write(`mcpmux ${VERSION}\n`);
  return run(args);
}

/** A positional the table marks required: the parser has refused a command line without it. */
function required(value: string | undefined): string {
  if (value === undefined) throw new Error("a required argument is missing");
  return value;
}

async function run(args: CliArgs): Promise<void> {
  const file = locateConfig(args.config, process.env, process.cwd());
  switch (args.command) {
    case "stdio":
      if (args.standalone) return (await import("./serve-commands.ts")).runStandalone(file);
      return (await import("../daemon/shim.ts")).runShim(file, process.env);
    case "serve":
      return (await import("./serve-commands.ts")).runServe(file, args);
    case "daemon":
      return (await import("./serve-commands.ts")).runDaemonCommand(file, args);
    case "status":
      return (await import("./control-commands.ts")).runStatus(file, args);
    case "top":
      return (await import("./top-command.ts")).runTop(file, args.once);
    case "stop":
      return (await import("./control-commands.ts")).runStop(file);
    case "restart":
      return (await import("./control-commands.ts")).runRestart(file);
    case "reload":
      return (await import("./control-commands.ts")).runReload(file);
    case "dev":
      return (await import("../dev/dev.ts")).runDev({
        plugin: required(args.target),
        http: args.http,
        host: args.host ?? DEFAULT_HTTP_HOST,
        port: args.port ?? DEFAULT_HTTP_PORT,
      });
    case "init":
      return (await import("./setup-commands.ts")).runInit(args.out, args.force);
    case "import":
      return (await import("./setup-commands.ts")).runImport(
        args.target,
        args.out,
        args.force,
        args.writePermissions,
      );
    case "check":
      return (await import("./check-command.ts")).runCheck(file);
    case CONFIG_JSON_COMMAND:
      return (await import("../config/load-fresh.ts")).printConfigJson(file);
    case PLUGIN_HOST_COMMAND: // how mcpmux runs a plugin server in a process of its own
      return (await import("../plugins/host.ts")).runPluginHost(required(args.target));
    default: {
      // No command: the overview, on stderr since nothing was done; a usage error.
      const { globalHelp } = await import("./help.ts");
      process.stderr.write(globalHelp());
      process.exit(EXIT.usage);
    }
  }
}
