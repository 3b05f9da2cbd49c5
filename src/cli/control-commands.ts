/** `mcpmux status`, `stop`, `restart` and `reload`: talk to the running daemon of a config. */
import type { StatusReport } from "../core/status.ts";
import { locate } from "../daemon/locations.ts";
import { ask } from "./daemon-client.ts";
import { EXIT } from "./exit-codes.ts";
import { formatStatus, formatTools } from "./status-format.ts";
import { shellWord } from "../setup/shell-word.ts";

/** A reload waits for new servers' handshakes (startupTimeout, 30 s by default). */
const RELOAD_ANSWER_MS = 120_000;

/** What to say when no daemon runs for `file`, and how to start one. */
export function notRunning(file: string): string {
  const config = `--config ${shellWord(file)}`;
  return [
    `mcpmux: no daemon is running for ${file}`,
    `A client starts it: any session running \`mcpmux stdio ${config}\` does.`,
    `Or start it in the foreground: mcpmux daemon ${config}`,
    "",
  ].join("\n");
}

/**
 * Exit 3 when no daemon runs (the init-script convention for "not
 * running"), after saying how to start one; --json then prints
 * {"running": false}, so a script reads one shape either way.
 */
export async function runStatus(
  file: string,
  { json, metrics, tools }: { json: boolean; metrics: boolean; tools: boolean },
): Promise<void> {
  const where = locate(file, process.env);
  if (metrics) return printMetrics(file, where.socket);
  const report = await ask(where.socket, "mcpmux/status").catch((err: unknown) => {
    // A daemon that holds its socket but does not answer: say so, in the shape asked for.
    if (!json) throw err;
    const stuck = { running: true, answering: false, error: String((err as Error).message ?? err) };
    process.stdout.write(
      `${JSON.stringify({ ...stuck, config: file, log: where.log }, null, 2)}\n`,
    );
    process.exit(EXIT.failure);
  });
  if (report === undefined) {
    if (json) {
      const down = { running: false, config: file, socket: where.socket, log: where.log };
      process.stdout.write(`${JSON.stringify(down, null, 2)}\n`);
    } else process.stderr.write(notRunning(file));
    process.exit(EXIT.notRunning);
  }
  process.stdout.write(
    json
      ? `${JSON.stringify({ running: true, log: where.log, ...report }, null, 2)}\n`
      : tools
        ? formatTools(report as unknown as StatusReport)
        : // Where to look next: a daemon a shim started writes everything there.
          `${formatStatus(report as unknown as StatusReport)}\nlog ${where.log} (of a daemon a shim started)\n`,
  );
}

/** `status --metrics`: the exposition text, as GET /metrics would serve it, for scripts and node exporters' textfiles. */
async function printMetrics(file: string, socket: string): Promise<void> {
  const answer = await ask(socket, "mcpmux/metrics");
  if (answer === undefined) {
    process.stderr.write(notRunning(file));
    process.exit(EXIT.notRunning);
  }
  process.stdout.write(String(answer["text"] ?? ""));
}

export async function runReload(file: string): Promise<void> {
  const where = locate(file, process.env);
  const outcome = (await ask(where.socket, "mcpmux/reload", RELOAD_ANSWER_MS)) as
    { ok: boolean; summary: string } | undefined;
  if (outcome === undefined) {
    process.stderr.write(notRunning(file));
    process.exit(EXIT.notRunning);
  }
  if (!outcome.ok) {
    process.stderr.write(
      `mcpmux: reload failed, the daemon keeps its previous config:\n${outcome.summary}\n`,
    );
    process.exit(EXIT.failure);
  }
  process.stderr.write(`mcpmux: reloaded ${file}: ${outcome.summary}\n`);
}

/** How long `stop` and `restart` wait for a daemon to end its sessions and stop its servers. */
const DAEMON_EXIT_MS = 30_000;

/** The pid of the daemon answering for `file`, or undefined if none answers. */
async function daemonPid(socketPath: string): Promise<number | undefined> {
  const report = await ask(socketPath, "mcpmux/status");
  return report === undefined ? undefined : Number(report["pid"]);
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const { processAlive } = await import("../daemon/lock.ts");
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Ends every session (their shims exit), stops every server, and reports
 * success only once the daemon has exited. Nothing running is not an error.
 */
export async function runStop(file: string): Promise<void> {
  const where = locate(file, process.env);
  const pid = await daemonPid(where.socket);
  if (pid === undefined || (await ask(where.socket, "mcpmux/stop")) === undefined) {
    process.stderr.write(`mcpmux: no daemon is running for ${file}; nothing to stop\n`);
    return;
  }
  if (!(await exited(pid, DAEMON_EXIT_MS))) {
    process.stderr.write(
      `mcpmux: the daemon (pid ${pid}) for ${file} did not stop within ${DAEMON_EXIT_MS / 1000} s; see ${where.log}\n`,
    );
    process.exit(EXIT.failure);
  }
  process.stderr.write(`mcpmux: stopped the daemon for ${file}\n`);
}

/**
 * Replaces the daemon (say, after installing a new mcpmux) without ending a
 * session: a new daemon takes the socket over, the old one lets its
 * sessions go and stops its servers, and each shim reconnects and replays
 * its client's session to the new daemon.
 */
export async function runRestart(file: string): Promise<void> {
  const where = locate(file, process.env);
  const old = await daemonPid(where.socket);
  if (old === undefined) {
    process.stderr.write(`mcpmux: no daemon is running for ${file}; the next session starts one\n`);
    return;
  }
  const { replaceDaemon } = await import("../daemon/start.ts");
  let pid: number;
  try {
    pid = await replaceDaemon(file, process.env, old);
  } catch (err) {
    process.stderr.write(
      `mcpmux: could not start a new daemon, the old one (pid ${old}) keeps serving: ${(err as Error).message}\n`,
    );
    process.exit(EXIT.failure);
  }
  if (!(await exited(old, DAEMON_EXIT_MS))) {
    process.stderr.write(
      `mcpmux: the new daemon (pid ${pid}) serves ${file}, but the old one (pid ${old}) did not exit within ${DAEMON_EXIT_MS / 1000} s\n`,
    );
    process.exit(EXIT.failure);
  }
  process.stderr.write(`mcpmux: restarted the daemon for ${file} (pid ${old} -> ${pid})\n`);
}
