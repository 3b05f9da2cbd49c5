/**
 * The mcpmux commands: `stdio`, `serve`, `check`. Everything the user
 * reads goes to stderr except `--help`, `--version` and `check`'s report,
 * and `stdio` keeps stdout for MCP messages alone.
 */
import { ConfigError, formatProblem } from "../config/issues.ts";
import { loadConfig } from "../config/load.ts";
import { locateConfig } from "../config/locate.ts";
import { Hub } from "../core/hub.ts";
import { createHttpApp } from "../front/http-app.ts";
import { serveStream } from "../front/stream.ts";
import { errorText, logger } from "../log.ts";
import { runtimeVersion } from "../runtime/detect.ts";
import { serveHttp } from "../runtime/http-server.ts";
import { VERSION } from "../version.ts";
import { parseCli, type CliArgs } from "./args.ts";
import { HELP } from "./help.ts";

const log = logger("cli");
const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 7780;

async function loadOrExit(args: CliArgs) {
  const file = locateConfig(args.config, process.env, process.cwd());
  try {
    return await loadConfig(file, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping servers`);
    void stop().finally(() => process.exit(0));
  };
  process.once("SIGINT", () => handler("SIGINT"));
  process.once("SIGTERM", () => handler("SIGTERM"));
}

async function runStdio(args: CliArgs): Promise<void> {
  const { file, config } = await loadOrExit(args);
  const hub = new Hub(config, process.env);
  log.info(
    `mcpmux ${VERSION} (${runtimeVersion()}) on stdio, config ${file}, ${hub.upstreams.size} server(s)`,
  );
  void hub.start();
  onShutdown(() => hub.stop());
  await serveStream(hub, process.stdin, process.stdout, "stdio");
  // The client closed stdin: that is the end of the session and of mcpmux.
  await hub.stop();
  process.exit(0);
}

async function runServe(args: CliArgs): Promise<void> {
  const { file, config } = await loadOrExit(args);
  const host = args.host ?? config.http?.host ?? DEFAULT_HOST;
  const port = args.port ?? config.http?.port ?? DEFAULT_PORT;
  const hub = new Hub(config, process.env);
  void hub.start();
  const front = createHttpApp(hub, host);
  let server;
  try {
    server = await serveHttp(front.app.fetch, host, port);
  } catch (err) {
    log.error(`cannot listen on ${host}:${port}: ${errorText(err)}`);
    await hub.stop();
    process.exit(1);
  }
  const running = server;
  log.info(
    `mcpmux ${VERSION} (${runtimeVersion()}) config ${file}, ${hub.upstreams.size} server(s)`,
  );
  log.info(
    `listening on http://${host}:${running.port}/mcp (Streamable HTTP) and http://${host}:${running.port}/sse (SSE)`,
  );
  onShutdown(async () => {
    await front.close();
    await running.close();
    await hub.stop();
  });
}

async function runCheck(args: CliArgs): Promise<void> {
  const file = locateConfig(args.config, process.env, process.cwd());
  try {
    const { config } = await loadConfig(file, process.env);
    const names = Object.keys(config.servers);
    process.stdout.write(`${file}: ok, ${names.length} server(s): ${names.join(", ")}\n`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stdout.write(
      `${file}: ${err.problems.length} problem(s)\n${err.problems.map(formatProblem).join("\n")}\n`,
    );
    process.exit(1);
  }
}

export async function main(argv: string[]): Promise<void> {
  const parsed = parseCli(argv);
  if (!parsed.ok) {
    process.stderr.write(`mcpmux: ${parsed.error}\nRun \`mcpmux --help\` for usage.\n`);
    process.exit(2);
  }
  const args = parsed.args;
  if (args.help) return void process.stdout.write(HELP);
  if (args.version) return void process.stdout.write(`mcpmux ${VERSION}\n`);
  switch (args.command) {
    case "stdio":
      return runStdio(args);
    case "serve":
      return runServe(args);
    case "check":
      return runCheck(args);
    case undefined:
      process.stderr.write(HELP);
      process.exit(2);
      return;
    default:
      process.stderr.write(
        `mcpmux: unknown command "${args.command}"\nRun \`mcpmux --help\` for usage.\n`,
      );
      process.exit(2);
  }
}
