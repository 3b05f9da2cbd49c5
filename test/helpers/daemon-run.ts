/**
 * A shared daemon for one test config, driven the way a user does: shim
 * sessions (`mcpmux stdio`), `mcpmux status --json`, `reload` and `stop`,
 * in an isolated environment whose processes are all killed afterwards.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { stdioTransport } from "./mux.ts";
import { ROOT } from "./paths.ts";
import { isolatedEnv, killAll } from "./proc.ts";
import { RawSession } from "./raw-session.ts";

const run = promisify(execFile);

export interface DaemonStatus {
  config: {
    generation: number;
    lastReload: { at: number; summary: string; error: string | null } | null;
    brokenPlugins: Record<string, string>;
  };
  servers: Array<{
    name: string;
    instances: Array<{ pid: number | null; state: string; lastError: string | null }>;
  }>;
}

export class DaemonRun {
  readonly env: Record<string, string>;
  private readonly marker = `mcpmux-test-${randomUUID()}`;
  private readonly sessions: RawSession[] = [];

  constructor(
    readonly configFile: string,
    private readonly launcher: string[],
  ) {
    this.env = isolatedEnv(this.marker);
  }

  mcpmux(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    const [command, ...pre] = this.launcher as [string, ...string[]];
    return run(command, [...pre, ...args, "--config", this.configFile], {
      env: this.env,
      cwd: ROOT,
      timeout: 60_000,
    });
  }

  /** A client session through a shim (the first one starts the daemon). */
  async session(name: string, capabilities: Record<string, unknown> = {}): Promise<RawSession> {
    const transport = stdioTransport(this.configFile, this.launcher, {
      standalone: false,
      env: this.env,
    });
    const session = await RawSession.over(transport, capabilities, name);
    this.sessions.push(session);
    return session;
  }

  async status(): Promise<DaemonStatus> {
    return JSON.parse((await this.mcpmux("status", "--json")).stdout) as DaemonStatus;
  }

  pidsOf(status: DaemonStatus, server: string): number[] {
    return (
      status.servers
        .find((s) => s.name === server)
        ?.instances.map((i) => i.pid)
        .filter((p): p is number => p !== null)
        .sort() ?? []
    );
  }

  /** Waits until the daemon has applied (or, with `wantError`, refused) a change saved after `after`. */
  async settled(after: number, wantError = false, timeoutMs = 60_000): Promise<DaemonStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.status();
      const last = s.config.lastReload;
      if (last !== null && last.at > after && (last.error !== null) === wantError) return s;
      if (Date.now() > deadline)
        throw new Error(`no reload after ${after}: ${JSON.stringify(s.config)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The daemon's log file (for a failing test's message). */
  log(): string {
    const dir = join(this.env["XDG_STATE_HOME"] ?? "", "mcpmux");
    return readdirSync(dir)
      .filter((f) => f.endsWith(".log"))
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n");
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.close().catch(() => undefined)));
    await this.mcpmux("stop").catch(() => undefined);
    killAll(this.marker);
  }
}

/** Saves a file the way many editors do: a temp file renamed over the original. */
export function saveByRename(file: string, text: string): void {
  const temp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
