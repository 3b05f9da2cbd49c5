/**
 * Where a daemon lives. A daemon is identified by its resolved config path:
 * its socket, lock and pid files sit in the user's runtime directory
 * ($XDG_RUNTIME_DIR/mcpmux, else a private directory under the system temp
 * dir), mode 0700; its log goes to the user's state directory.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { homedir, tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface DaemonLocations {
  id: string;
  dir: string;
  socket: string;
  lock: string;
  pidFile: string;
  groups: string;
  log: string;
}

type Env = Record<string, string | undefined>;

function uid(): string {
  try {
    return String(userInfo().uid);
  } catch {
    return "user";
  }
}

/** A directory only this user can enter; refuses one that others could write to. */
export function privateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  const mode = statSync(path).mode & 0o777;
  if (mode !== 0o700)
    throw new Error(`${path} must be private (mode 0700), found ${mode.toString(8)}`);
  return path;
}

export function runtimeDir(env: Env): string {
  const xdg = env["XDG_RUNTIME_DIR"];
  return xdg !== undefined && xdg !== "" ? join(xdg, "mcpmux") : join(tmpdir(), `mcpmux-${uid()}`);
}

export function stateDir(env: Env): string {
  const xdg = env["XDG_STATE_HOME"];
  const base =
    xdg !== undefined && xdg !== "" ? xdg : join(env["HOME"] ?? homedir(), ".local", "state");
  return join(base, "mcpmux");
}

export function daemonId(configPath: string): string {
  return createHash("sha256").update(configPath).digest("hex").slice(0, 16);
}

/** Pure: computes the paths; `ensureDirs` creates the directories. */
export function locate(configPath: string, env: Env): DaemonLocations {
  const id = daemonId(configPath);
  const dir = runtimeDir(env);
  return {
    id,
    dir,
    socket: join(dir, `${id}.sock`),
    lock: join(dir, `${id}.lock`),
    pidFile: join(dir, `${id}.pid`),
    groups: join(dir, `${id}.groups`),
    log: join(stateDir(env), `${id}.log`),
  };
}

export function ensureDirs(locations: DaemonLocations, env: Env): void {
  privateDir(locations.dir);
  mkdirSync(stateDir(env), { recursive: true, mode: 0o700 });
}
