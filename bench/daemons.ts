/**
 * Daemons for the benches: one started by shims is stopped with
 * `mcpmux stop`; one serving Streamable HTTP is started here as
 * `<binary> daemon --config F` (with `http: { host: "127.0.0.1", port }` in
 * its config) and stopped by its process group. Either way the caller still
 * kills everything with its marker afterwards, by pid: a stop that hangs
 * must not leave a server behind.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { writeConfig } from "../test/helpers/paths.ts";

const READY_MS = 20_000;
const STOP_MS = 5_000;

/** Asks the daemon of `config` (in `env`'s runtime dir) to stop; quiet if it is gone. */
export function stopShimDaemon(binary: string, config: string, env: Record<string, string>): void {
  try {
    execFileSync(binary, ["stop", "--config", config], { env, stdio: "ignore", timeout: 20_000 });
  } catch {
    // already stopped, or killed by the caller's killAll
  }
}

/** A port free on 127.0.0.1 right now (the OS picks it), so two runs never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpDaemon {
  /** The Streamable HTTP endpoint, http://127.0.0.1:PORT/mcp. */
  url: URL;
  /** The config file written for it. */
  config: string;
  stop(): Promise<void>;
}

/** Starts `<binary> daemon` for `servers` with an HTTP listener; resolves once /mcp answers. */
export async function startHttpDaemon(
  binary: string,
  servers: object,
  env: Record<string, string>,
  extra: object = {},
): Promise<HttpDaemon> {
  const port = await freePort();
  const config = writeConfig({ servers, http: { host: "127.0.0.1", port }, ...extra });
  const daemon = spawn(binary, ["daemon", "--config", config], {
    env,
    stdio: "ignore",
    detached: true, // its own process group, stopped as one
  });
  const stop = () => stopGroup(daemon);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_MS;
  for (;;) {
    try {
      await fetch(`${base}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline || daemon.exitCode !== null) {
        await stop();
        throw new Error(`daemon on ${base} did not answer within ${READY_MS} ms`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url: new URL(`${base}/mcp`), config, stop };
}

/** SIGTERM to the group (the daemon stops its servers), SIGKILL after a bound. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    signal("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_MS).unref())]);
  }
  signal("SIGKILL");
}
