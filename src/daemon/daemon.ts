/**
 * The shared daemon for one config: every shim (and `status`/`stop`) talks
 * to it over a private unix socket, HTTP clients over /mcp and /sse when the
 * config has an `http` section. It stops by itself after an idle time with
 * no sessions, never leaves a server process behind, and follows edits of
 * its config and plugins without dropping a session.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { Server, Socket } from "node:net";
import type { Config } from "../config/schema.ts";
import { DEFAULT_DAEMON_IDLE_MS } from "../config/schema.ts";
import type { Hub } from "../core/hub.ts";
import type { SessionPort } from "../core/session.ts";
import { createHttpApp, type HttpFront } from "../front/http-app.ts";
import { httpFrontOptions, refusal } from "../front/http-options.ts";
import { listenSocket, socketAnswers } from "../front/socket.ts";
import { errorText, logger } from "../log.ts";
import { serveHttp, type RunningServer } from "../runtime/http-server.ts";
import { createMux } from "../supervisor/mux.ts";
import { onGroupsChanged } from "../upstream/process-groups.ts";
import { ensureDirs, locate } from "./locations.ts";
import { processAlive } from "./lock.ts";
import { installLogFile, LOG_FILE_ENV } from "./log-file.ts";
import { groupsFileOf, reapLeftovers, startWatchdog, writeGroups } from "./reaper.ts";
import { REPLACE_ENV, STOPPING_METHOD } from "./wire.ts";

const log = logger("daemon");

export interface DaemonOptions {
  file: string;
  config: Config;
  env: Record<string, string | undefined>;
  /** Overrides the config's http section (from --host/--port). */
  http?: { host: string; port: number };
}

export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { file, config } = options;
  // Both variables are for this daemon alone, not for the servers it starts.
  const { [REPLACE_ENV]: replacing, [LOG_FILE_ENV]: logFile, ...env } = options.env;
  installLogFile(logFile, env);
  const replaces = replacing === undefined ? undefined : Number(replacing);
  const where = locate(file, env);
  ensureDirs(where, env);
  if (replaces === undefined && (await socketAnswers(where.socket))) {
    log.info(`a daemon for ${file} is already running on ${where.socket}`);
    return;
  }
  const mux = createMux(file, config, env);
  const { hub } = mux;
  // The HTTP port is bound before anything starts. Asked for on the command
  // line (--host/--port), HTTP is what the user wants: a taken port fails
  // the daemon having started no server and taken no socket. Asked for by
  // the config alone, the daemon is most likely started by a shim, whose
  // session needs only the socket: it serves that, and says why HTTP is
  // missing in its log. A daemon replacing another
  // binds the port once the old one has exited and freed it.
  let http: HttpListener | undefined;
  if (replaces === undefined) {
    try {
      http = await listenHttp(mux.port, options);
    } catch (err) {
      if (options.http !== undefined) {
        await mux.stop();
        throw err;
      }
      log.error(`${errorText(err)}; serving the socket only`);
    }
  }
  const reaped = reapLeftovers(where.groups, where.pidFile);
  if (reaped > 0) log.warn(`stopped ${reaped} server process group(s) left by a daemon that died`);
  const groupsFile = groupsFileOf(where.groups, process.pid);
  onGroupsChanged((groups) => writeGroups(groupsFile, groups));
  startWatchdog(groupsFile);
  // Servers start now, before any await: an HTTP request (the port is bound
  // already) must find their first starts under way, and wait for them, not
  // an empty world it would answer with "Unknown tool".
  void hub.start();

  // Listen beside the socket path, then rename over it: a daemon being
  // replaced keeps serving until that instant, and no shim ever finds no one.
  const fresh = `${where.socket}.${process.pid}`;
  rmSync(fresh, { force: true });
  const socket = await listenSocket(mux.port, fresh, () => hub.world.config.maxMessageBytes);
  renameSync(fresh, where.socket);
  const socketInode = statSync(where.socket).ino;
  writeFileSync(where.pidFile, String(process.pid), { mode: 0o600 });
  const connections = trackConnections(socket);
  if (replaces !== undefined) handOver(replaces);
  let stopping = false;
  const announce = (): void => {
    if (http !== undefined) log.info(`serving http://${http.host}:${http.server.port}/mcp`);
  };
  log.info(`daemon ${process.pid} for ${file} on ${where.socket}`);
  announce();
  if (replaces !== undefined)
    void afterExit(replaces).then(async () => {
      if (stopping) return;
      // Sessions have moved here already: without HTTP, the socket still serves them.
      http = await listenHttp(mux.port, options).catch((err: unknown) => {
        log.error(`${errorText(err)}; serving the socket only`);
        return undefined;
      });
      announce();
    });
  mux.supervisor.watch();

  /**
   * Ends every session (each shim hears why first: "stop" ends it, "restart"
   * makes it reconnect to the daemon replacing this one), stops every
   * server within its grace period, then exits.
   */
  const stop = async (why: string, reason: "stop" | "restart"): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`stopping (${why})`);
    socket.close();
    if (inodeOf(where.socket) === socketInode) rmSync(where.socket, { force: true });
    const notice = `${JSON.stringify({ jsonrpc: "2.0", method: STOPPING_METHOD, params: { reason } })}\n`;
    for (const connection of connections) connection.end(notice);
    await http?.front.close();
    await http?.server.close();
    await mux.stop();
    for (const connection of connections) connection.destroy();
    rmSync(groupsFile, { force: true });
    if (pidIn(where.pidFile) === process.pid) rmSync(where.pidFile, { force: true });
    process.exit(0);
  };
  hub.controls.stop = () => void stop("mcpmux stop", "stop");
  process.once("SIGTERM", () => void stop("SIGTERM", "stop"));
  process.once("SIGINT", () => void stop("SIGINT", "stop"));
  process.once("SIGUSR2", () => void stop("replaced by a new daemon", "restart"));
  watchIdle(
    hub,
    config.daemon?.idleTimeout ?? DEFAULT_DAEMON_IDLE_MS,
    () => void stop("idle", "stop"),
  );
}

function trackConnections(server: Server): Set<Socket> {
  const connections = new Set<Socket>();
  server.on("connection", (connection: Socket) => {
    connections.add(connection);
    connection.once("close", () => connections.delete(connection));
  });
  return connections;
}

/** Tells the daemon this one replaces to let its sessions go (they reconnect here). */
function handOver(old: number): void {
  try {
    process.kill(old, "SIGUSR2");
    log.info(`took the socket over from daemon ${old}`);
  } catch {
    log.info(`daemon ${old} was already gone`);
  }
}

/** Resolves once `pid` has exited (so its HTTP port is free), or after a bound. */
async function afterExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function pidIn(path: string): number | undefined {
  try {
    return Number(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

interface HttpListener {
  host: string;
  server: RunningServer;
  front: HttpFront;
}

/** The HTTP port could not be bound (taken, not permitted, no such address). */
export class HttpListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    override readonly cause: unknown,
  ) {
    super(`cannot listen on http://${host}:${port}: ${errorText(cause)}`);
  }
}

/** Undefined when neither the config nor --host/--port asks for HTTP; throws when it cannot serve it. */
async function listenHttp(
  port: SessionPort,
  options: DaemonOptions,
): Promise<HttpListener | undefined> {
  if (options.http === undefined && options.config.http === undefined) return undefined;
  const wanted = httpFrontOptions(options.config.http, options.http);
  const refused = refusal(wanted);
  if (refused !== undefined) throw new Error(refused);
  const front = createHttpApp(port, wanted.host, wanted);
  try {
    return {
      host: wanted.host,
      server: await serveHttp(front.app.fetch, wanted.host, wanted.port),
      front,
    };
  } catch (err) {
    throw new HttpListenError(wanted.host, wanted.port, err);
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
