/**
 * The shared daemon for one config: every shim (and `status`/`stop`) talks
 * to it over a private unix socket, HTTP clients over /mcp and /sse when the
 * config has an `http` section. It stops by itself after an idle time with
 * no sessions, never leaves a server process behind, and follows edits of
 * its config and plugins without dropping a session.
 */
import { rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:net";
import type { Config } from "../config/schema.ts";
import { DEFAULT_DAEMON_IDLE_MS } from "../config/schema.ts";
import type { Hub } from "../core/hub.ts";
import type { SessionPort } from "../core/session.ts";
import { createHttpApp, type HttpFront } from "../front/http-app.ts";
import { httpFrontOptions, refusal } from "../front/http-options.ts";
import { closeSocket, listenSocket, socketAnswers } from "../front/socket.ts";
import { errorText, logger } from "../log.ts";
import { serveHttp, type RunningServer } from "../runtime/http-server.ts";
import { createMux } from "../supervisor/mux.ts";
import { onGroupsChanged } from "../upstream/process-groups.ts";
import { ensureDirs, locate } from "./locations.ts";
import { reapLeftovers, startWatchdog, writeGroups } from "./reaper.ts";

const log = logger("daemon");

export interface DaemonOptions {
  file: string;
  config: Config;
  env: Record<string, string | undefined>;
  /** Overrides the config's http section (from --host/--port). */
  http?: { host: string; port: number };
}

export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { file, config, env } = options;
  const where = locate(file, env);
  ensureDirs(where, env);
  if (await socketAnswers(where.socket)) {
    log.info(`a daemon for ${file} is already running on ${where.socket}`);
    return;
  }
  const reaped = reapLeftovers(where.groups, where.pidFile);
  if (reaped > 0) log.warn(`stopped ${reaped} server process group(s) left by a daemon that died`);
  rmSync(where.socket, { force: true }); // stale: nobody answered on it
  writeFileSync(where.pidFile, String(process.pid), { mode: 0o600 });
  onGroupsChanged((groups) => writeGroups(where.groups, groups));
  startWatchdog(process.pid, where.groups);

  const mux = createMux(file, config, env);
  const { hub } = mux;
  const socket = await listenSocket(mux.port, where.socket);
  const http = await listenHttp(mux.port, options);
  log.info(
    `daemon ${process.pid} for ${file} on ${where.socket}${http ? `, http://${http.host}:${http.server.port}/mcp` : ""}`,
  );
  void hub.start();
  mux.supervisor.watch();

  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${why})`);
    await closeSocket(socket, where.socket);
    await http?.front.close();
    await http?.server.close();
    await mux.stop();
    rmSync(where.pidFile, { force: true });
    rmSync(where.groups, { force: true });
    process.exit(0);
  };
  hub.controls.stop = () => void stop("mcpmux stop");
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  watchIdle(hub, config.daemon?.idleTimeout ?? DEFAULT_DAEMON_IDLE_MS, () => void stop("idle"));
}

async function listenHttp(
  port: SessionPort,
  options: DaemonOptions,
): Promise<{ host: string; server: RunningServer; front: HttpFront } | undefined> {
  if (options.http === undefined && options.config.http === undefined) return undefined;
  const wanted = httpFrontOptions(options.config.http, options.http);
  const refused = refusal(wanted);
  if (refused !== undefined) {
    log.error(`${refused}; serving the socket only`);
    return undefined;
  }
  const front = createHttpApp(port, wanted.host, wanted);
  try {
    return {
      host: wanted.host,
      server: await serveHttp(front.app.fetch, wanted.host, wanted.port),
      front,
    };
  } catch (err) {
    log.error(
      `cannot listen on http://${wanted.host}:${wanted.port}: ${errorText(err)}; serving the socket only`,
    );
    return undefined;
  }
}

/** Calls `onIdle` once no session has been connected for `idleMs` (0: never). */
function watchIdle(hub: Hub, idleMs: number, onIdle: () => void): void {
  if (idleMs === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = hub.sessions.size === 0 ? setTimeout(onIdle, idleMs) : undefined;
  };
  hub.sessionsChanged = check;
  check();
}
