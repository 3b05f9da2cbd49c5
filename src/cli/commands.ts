/**
 * The mcpmux command line. Each command loads only what it needs, so the
 * shim behind `mcpmux stdio` starts fast and small. Everything the user
 * reads goes to stderr except `--help`, `--version`, `check` and `status`,
 * and `stdio` keeps stdout for MCP messages alone.
 */
import { locateConfig } from "../config/locate.ts";
import { CONFIG_JSON_COMMAND, PLUGIN_HOST_COMMAND } from "../runtime/self-command.ts";
import { VERSION } from "../version.ts";
import { parseCli } from "./args.ts";
import { HELP } from "./help.ts";

function fail(message: string, code = 2): never {
  process.stderr.write(`mcpmux: ${message}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const parsed = parseCli(argv);
  if (!parsed.ok) fail(`${parsed.error}\nRun \`mcpmux --help\` for usage.`);
  const args = parsed.args;
  if (args.help) return void process.stdout.write(HELP);
  if (args.version) return void process.stdout.write(`mcpmux ${VERSION}\n`);
  const file = locateConfig(args.config, process.env, process.cwd());
  switch (args.command) {
    case "stdio":
      if (args.standalone) return (await import("./serve-commands.ts")).runStandalone(file);
      return (await import("../daemon/shim.ts"))
        .runShim(file, process.env)
        .catch((err: Error) => fail(err.message, 1));
    case "serve":
      return (await import("./serve-commands.ts")).runServe(file, args);
    case "daemon":
      return (await import("./serve-commands.ts")).runDaemonCommand(file, args);
    case "status":
      return (await import("./control-commands.ts")).runStatus(file, args.json);
    case "stop":
      return (await import("./control-commands.ts")).runStop(file);
    case "restart":
      return (await import("./control-commands.ts")).runRestart(file);
    case "dev":
      if (args.target === undefined) fail("dev needs a plugin file: mcpmux dev plugins/hello.ts");
      return (await import("../dev/dev.ts")).runDev({
        plugin: args.target,
        http: args.http,
        host: args.host ?? "127.0.0.1",
        port: args.port ?? 7780,
      });
    case "reload":
      return (await import("./control-commands.ts")).runReload(file);
    case "init":
      return (await import("./setup-commands.ts")).runInit(args.out, args.force);
    case "import":
      return (await import("./setup-commands.ts")).runImport(args.target, args.out, args.force);
    case CONFIG_JSON_COMMAND:
      return (await import("../config/load-fresh.ts")).printConfigJson(file);
    case "check":
      return (await import("./check-command.ts")).runCheck(file);
    case PLUGIN_HOST_COMMAND: // hidden: how mcpmux runs a plugin server in a process of its own
      if (args.target === undefined) fail(`${PLUGIN_HOST_COMMAND} needs a plugin file`);
      return (await import("../plugins/host.ts")).runPluginHost(args.target);
    case undefined:
      process.stderr.write(HELP);
      process.exit(2);
      return;
    default:
      fail(`unknown command "${args.command}"\nRun \`mcpmux --help\` for usage.`);
  }
}
