/**
 * `mcpmux stdio`, the default: a thin pipe between the client's stdio and
 * the shared daemon for this config, started on demand. Ten shims starting
 * at once start one daemon (a lock decides who spawns it). Bytes are piped
 * as they are: the daemon does all the MCP work.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { dirname } from "node:path";
import { logger } from "../log.ts";
import { acquireLock } from "./lock.ts";
import { ensureDirs, locate, type DaemonLocations } from "./locations.ts";
import { selfCommand } from "../runtime/self-command.ts";

const log = logger("shim");
const DAEMON_START_MS = 30_000;

function connect(path: string): Promise<Socket | undefined> {
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
): { exited: () => boolean } {
  const { command, args } = selfCommand();
  const out = openSync(where.log, "a", 0o600);
  const child = spawn(command, [...args, "daemon", "--config", file], {
    cwd: dirname(file),
    env,
    detached: true, // its own session: it outlives this shim
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  child.unref();
  return { exited: () => exited };
}

function logTail(path: string): string {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
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
    const deadline = Date.now() + DAEMON_START_MS;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      const socket = await connect(where.socket);
      if (socket !== undefined) return socket;
      if (daemon.exited())
        throw new Error(
          `the daemon exited while starting. Its log (${where.log}) ends:\n${logTail(where.log)}`,
        );
    }
    throw new Error(
      `the daemon did not open ${where.socket} within ${DAEMON_START_MS} ms; see ${where.log}`,
    );
  } finally {
    release();
  }
}

export async function runShim(file: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(file))
    throw new Error(
      `${file}: file not found (create one with \`mcpmux init\`, or pass --config FILE)`,
    );
  const socket = await attach(file, env);
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
  await new Promise<void>((resolve) => {
    socket.once("close", () => resolve());
    socket.once("error", (err) => {
      log.error(`lost the daemon: ${err.message}`);
      resolve();
    });
  });
  process.exit(0);
}
