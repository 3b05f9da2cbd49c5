/**
 * The commands that run servers in this process: `stdio --standalone`,
 * `serve` (HTTP) and `daemon` (the shared daemon behind the shims).
 */
import { HttpListenError, runDaemon } from "../daemon/daemon.ts";
import { createHttpApp } from "../front/http-app.ts";
import { httpFrontOptions, refusal } from "../front/http-options.ts";
import { serveStream } from "../front/stream.ts";
import { logger } from "../log.ts";
import { runtimeVersion } from "../runtime/detect.ts";
import { serveHttp } from "../runtime/http-server.ts";
import { createMux } from "../supervisor/mux.ts";
import { VERSION } from "../version.ts";
import type { CliArgs } from "./args.ts";
import { EXIT } from "./exit-codes.ts";
import { cannotListen } from "./listen-error.ts";
import { loadOrExit } from "./load-or-exit.ts";

const log = logger("cli");

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

export async function runStandalone(file: string): Promise<void> {
  const { config } = await loadOrExit(file);
  const mux = createMux(file, config, process.env);
  log.info(
    `mcpmux ${VERSION} (${runtimeVersion()}) on stdio, standalone, config ${file}, ${mux.hub.pools.size} server(s)`,
  );
  void mux.hub.start();
  mux.supervisor.watch();
  onShutdown(() => mux.stop());
  const { maxMessageBytes } = config;
  await serveStream(
    mux.port,
    process.stdin,
    process.stdout,
    "stdio",
    maxMessageBytes === undefined ? {} : { maxMessageBytes },
  );
  // The client closed stdin: that is the end of the session and of mcpmux.
  await mux.stop();
  process.exit(0);
}

/**
 * The port is bound before any server starts: a port in use fails with
 * nothing started, rather than servers coming up and being stopped again.
 */
export async function runServe(file: string, args: CliArgs): Promise<void> {
  const { config } = await loadOrExit(file);
  const options = httpFrontOptions(config.http, { host: args.host, port: args.port });
  const { host, port } = options;
  const refused = refusal(options);
  if (refused !== undefined) {
    log.error(refused);
    process.exit(EXIT.failure);
  }
  const mux = createMux(file, config, process.env);
  const front = createHttpApp(mux.port, host, options);
  let server;
  try {
    server = await serveHttp(front.app.fetch, host, port);
  } catch (err) {
    log.error(cannotListen(host, port, err, file));
    await mux.stop();
    process.exit(EXIT.failure);
  }
  // No request is handled before this: it would need an I/O turn, and none passed since the bind.
  void mux.hub.start();
  const running = server;
  mux.supervisor.watch();
  log.info(
    `mcpmux ${VERSION} (${runtimeVersion()}) config ${file}, ${mux.hub.pools.size} server(s)`,
  );
  log.info(
    `listening on http://${host}:${running.port}/mcp (Streamable HTTP) and http://${host}:${running.port}/sse (SSE)`,
  );
  onShutdown(async () => {
    await front.close();
    await running.close();
    await mux.stop();
  });
}

/** --host/--port override the config's http section key by key, as they do for serve. */
export async function runDaemonCommand(file: string, args: CliArgs): Promise<void> {
  const { config } = await loadOrExit(file);
  log.info(`mcpmux ${VERSION} (${runtimeVersion()}) daemon, config ${file}`);
  const http =
    args.port === undefined && args.host === undefined
      ? undefined
      : httpFrontOptions(config.http, { host: args.host, port: args.port });
  try {
    await runDaemon({
      file,
      config,
      env: process.env,
      ...(http === undefined ? {} : { http: { host: http.host, port: http.port } }),
    });
  } catch (err) {
    if (!(err instanceof HttpListenError)) throw err;
    log.error(cannotListen(err.host, err.port, err.cause, file));
    process.exit(EXIT.failure);
  }
}
