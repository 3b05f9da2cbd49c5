/**
 * Reaching the daemon for a config: connect to its socket, or start it
 * (detached, logging to its file) under the lock so that shims starting or
 * reconnecting at the same moment start exactly one. `replaceDaemon` starts
 * a new daemon that takes the socket over from a running one (`mcpmux restart`).
 */
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { dirname } from "node:path";
import { logger } from "../log.ts";
import { selfCommand } from "../runtime/self-command.ts";
import { acquireLock } from "./lock.ts";
import { LOG_FILE_ENV } from "./log-file.ts";
import { ensureDirs, locate, type DaemonLocations } from "./locations.ts";
import { REPLACE_ENV } from "./wire.ts";

const log = logger("shim");
const DAEMON_START_MS = 30_000;

export function connect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", () => resolve(undefined));
  });
}

function spawnDaemon(
  file: string,
  where: DaemonLocations,
  env: NodeJS.ProcessEnv,
): { pid: number | undefined; exited: () => boolean } {
  const { command, args } = selfCommand();
  // Its stdout and stderr, so that what it prints before its logger runs (a
  // config error, a crash stack) is in the log too; LOG_FILE_ENV names the
  // file so that the daemon can rotate it (see log-file.ts).
  const out = openSync(where.log, "a", 0o600);
  const child = spawn(command, [...args, "daemon", "--config", file], {
    cwd: dirname(file),
    env: { ...env, [LOG_FILE_ENV]: where.log },
    detached: true, // its own session: it outlives this shim
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  child.unref();
  return { pid: child.pid, exited: () => exited };
}

function logTail(path: string): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Polls `ready` until it gives a value, the daemon exits (an error with its log), or time runs out. */
async function waitForDaemon<T>(
  where: DaemonLocations,
  daemon: { exited: () => boolean },
  ready: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + DAEMON_START_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    const value = await ready();
    if (value !== undefined) return value;
    if (daemon.exited())
      throw new Error(
        `the daemon exited while starting. Its log (${where.log}) ends:\n${logTail(where.log)}`,
      );
  }
  throw new Error(
    `the daemon did not open ${where.socket} within ${DAEMON_START_MS} ms; see ${where.log}`,
  );
}

/** Connects to the daemon, starting it if none answers. */
export async function attach(file: string, env: NodeJS.ProcessEnv): Promise<Socket> {
  const where = locate(file, env);
  ensureDirs(where, env);
  const first = await connect(where.socket);
  if (first !== undefined) return first;
  const release = await acquireLock(where.lock, DAEMON_START_MS);
  try {
    const again = await connect(where.socket); // another shim may have started it meanwhile
    if (again !== undefined) return again;
    log.info(`starting the daemon for ${file} (log: ${where.log})`);
    const daemon = spawnDaemon(file, where, env);
    return await waitForDaemon(where, daemon, () => connect(where.socket));
  } finally {
    release();
  }
}

function pidInFile(path: string): number | undefined {
  try {
    return Number(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Starts a daemon that takes the socket over from the running one (`old`),
 * which then lets its sessions go; resolves with the new daemon's pid once
 * it serves the socket.
 */
export async function replaceDaemon(
  file: string,
  env: NodeJS.ProcessEnv,
  old: number,
): Promise<number> {
  const where = locate(file, env);
  ensureDirs(where, env);
  const release = await acquireLock(where.lock, DAEMON_START_MS);
  try {
    const daemon = spawnDaemon(file, where, { ...env, [REPLACE_ENV]: String(old) });
    const pid = daemon.pid;
    if (pid === undefined) throw new Error("could not start a new daemon");
    // The new daemon writes its pid file once its socket is in place.
    return await waitForDaemon(where, daemon, async () =>
      pidInFile(where.pidFile) === pid ? pid : undefined,
    );
  } finally {
    release();
  }
}
