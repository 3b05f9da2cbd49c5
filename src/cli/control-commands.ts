/** `mcpmux status`, `stop` and `reload`: talk to the running daemon of a config. */
import { createConnection } from "node:net";
import type { StatusReport } from "../core/status.ts";
import { locate } from "../daemon/locations.ts";

const ANSWER_MS = 5000;
/** A reload waits for new servers' handshakes (startupTimeout, 30 s by default). */
const RELOAD_ANSWER_MS = 120_000;

/** One JSON-RPC request over the daemon's socket; undefined when no daemon answers. */
function ask(
  socketPath: string,
  method: string,
  answerMs = ANSWER_MS,
): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the daemon did not answer ${method} within ${answerMs} ms`));
    }, answerMs);
    socket.once("error", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    socket.once("connect", () =>
      socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method })}\n`),
    );
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.includes('"id":1'));
      if (line === undefined) return;
      clearTimeout(timer);
      socket.end();
      const reply = JSON.parse(line) as {
        result?: Record<string, unknown>;
        error?: { message: string };
      };
      if (reply.error !== undefined) reject(new Error(reply.error.message));
      else resolve(reply.result ?? {});
    });
  });
}

/** "closed", or "open 12s" (until the next probe), or "half-open". */
const circuit = (c: { state: string; retryInMs: number | null } | undefined): string =>
  c === undefined
    ? "-"
    : c.state === "open" && c.retryInMs !== null
      ? `open ${Math.ceil(c.retryInMs / 1000)}s`
      : c.state;

const seconds = (ms: number | null): string => (ms === null ? "-" : `${Math.round(ms / 1000)}s`);
const millis = (ms: number | null): string => (ms === null ? "-" : `${ms.toFixed(1)}ms`);

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatStatus(report: StatusReport): string {
  const servers = [
    [
      "SERVER",
      "INSTANCE",
      "PID",
      "STATE",
      "IN-FLIGHT",
      "UPTIME",
      "RESTARTS",
      "CIRCUIT",
      "TOOLS",
      "P50",
      "P99",
      "CALLS",
    ],
  ];
  for (const s of report.servers) {
    for (const i of s.instances) {
      servers.push([
        s.name,
        i.id,
        String(i.pid ?? "-"),
        i.state,
        String(i.inFlight),
        seconds(i.uptimeMs),
        String(i.restarts),
        circuit(i.circuit),
        String(s.tools),
        millis(s.latencyMs.p50),
        millis(s.latencyMs.p99),
        String(s.latencyMs.calls),
      ]);
    }
  }
  const failures = report.servers.flatMap((s) =>
    s.instances
      .filter((i) => i.lastError !== null || i.circuit.lastFailure !== null)
      .map((i) => `${i.id}: ${i.lastError ?? i.circuit.lastFailure}`),
  );
  const sessions = [["SESSION", "CLIENT", "PROTOCOL", "TRANSPORT", "AGE"]];
  for (const s of report.sessions)
    sessions.push([s.id, s.client, s.era, s.transport, seconds(s.ageMs)]);
  const errors = failures.length === 0 ? "" : `\nlast errors:\n${failures.join("\n")}\n`;
  return `daemon pid ${report.pid}, up ${seconds(report.uptimeMs)}\n${formatConfig(report)}\n${table(servers)}\n${errors}\n${table(sessions)}\n`;
}

/** The config line, and the last reload's error in full: it stays until a good config loads. */
function formatConfig({ config }: StatusReport): string {
  const loaded =
    config.loadedAt === null ? "" : `, loaded ${new Date(config.loadedAt).toISOString()}`;
  let text = `config ${config.file ?? "?"} (generation ${config.generation}${loaded})\n`;
  const last = config.lastReload;
  if (last !== null) {
    const at = new Date(last.at).toISOString();
    text +=
      last.error === null
        ? `last reload ${at}: ${last.summary}\n`
        : `last reload ${at} FAILED, the previous config keeps serving:\n${last.error}\n`;
  }
  for (const [server, error] of Object.entries(config.brokenPlugins ?? {}))
    text += `plugin ${server} does not load, its last good version serves:\n${error}\n`;
  return text;
}

export async function runStatus(file: string, json: boolean): Promise<void> {
  const where = locate(file, process.env);
  const report = await ask(where.socket, "mcpmux/status");
  if (report === undefined) {
    process.stderr.write(`mcpmux: no daemon is running for ${file}\n`);
    process.exit(1);
  }
  process.stdout.write(
    json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report as unknown as StatusReport),
  );
}

export async function runReload(file: string): Promise<void> {
  const where = locate(file, process.env);
  const outcome = (await ask(where.socket, "mcpmux/reload", RELOAD_ANSWER_MS)) as
    { ok: boolean; summary: string } | undefined;
  if (outcome === undefined) {
    process.stderr.write(`mcpmux: no daemon is running for ${file}\n`);
    process.exit(1);
  }
  if (!outcome.ok) {
    process.stderr.write(
      `mcpmux: reload failed, the daemon keeps its previous config:\n${outcome.summary}\n`,
    );
    process.exit(1);
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
    process.stderr.write(`mcpmux: no daemon is running for ${file}\n`);
    return;
  }
  if (!(await exited(pid, DAEMON_EXIT_MS))) {
    process.stderr.write(
      `mcpmux: the daemon (pid ${pid}) for ${file} did not stop within ${DAEMON_EXIT_MS / 1000} s; see ${where.log}\n`,
    );
    process.exit(1);
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
    process.exit(1);
  }
  if (!(await exited(old, DAEMON_EXIT_MS))) {
    process.stderr.write(
      `mcpmux: the new daemon (pid ${pid}) serves ${file}, but the old one (pid ${old}) did not exit within ${DAEMON_EXIT_MS / 1000} s\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`mcpmux: restarted the daemon for ${file} (pid ${old} -> ${pid})\n`);
}
