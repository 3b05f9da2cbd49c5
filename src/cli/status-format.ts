/** The text of `mcpmux status`: the daemon, its config, a table of server instances, and sessions. */
import type { StatusReport } from "../core/status.ts";

/** "closed", or "open 12s" (until the next probe), or "half-open". */
const circuit = (c: { state: string; retryInMs: number | null } | undefined): string =>
  c === undefined
    ? "-"
    : c.state === "open" && c.retryInMs !== null
      ? `open ${Math.ceil(c.retryInMs / 1000)}s`
      : c.state;

const seconds = (ms: number | null): string => (ms === null ? "-" : `${Math.round(ms / 1000)}s`);
const millis = (ms: number | null): string => (ms === null ? "-" : `${ms.toFixed(1)}ms`);

/**
 * An error short enough for its table cell, keeping its end, where the
 * reason is ("… spawn x ENOENT", "… connect ECONNREFUSED …"); the "last
 * errors" list below the table has it whole.
 */
function brief(error: string | null): string {
  if (error === null) return "-";
  const line = error.split("\n")[0] ?? "";
  return line.length > ERROR_CELL ? `…${line.slice(line.length - (ERROR_CELL - 1))}` : line;
}
const ERROR_CELL = 60;

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
      "LAST ERROR",
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
        brief(i.lastError ?? i.circuit.lastFailure),
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

/** `status --tools`: one row per exposed tool, most called first. */
export function formatTools(report: StatusReport): string {
  const tools = report.tools ?? []; // a daemon from before --tools existed sends none
  if (tools.length === 0) return "no tool calls since the daemon started\n";
  const rows = [["TOOL", "CALLS", "ERRORS", "P50", "P99", "CLIENTS"]];
  for (const t of tools) {
    rows.push([
      t.tool,
      String(t.calls),
      String(t.errors),
      millis(t.p50Ms),
      millis(t.p99Ms),
      t.clients.join(", ") || "-",
    ]);
  }
  return `${table(rows)}\n`;
}
