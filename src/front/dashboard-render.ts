/**
 * The dashboard as server-rendered HTML: a whole page for GET / (a static
 * snapshot that works without JavaScript) and the fragment inside it, which
 * /events sends again every second for the page's script to swap in. One
 * renderer for both, so the live page and the snapshot never disagree.
 * Every value is escaped: server, tool and client names come from configs
 * and clients, not from us.
 */
import type { InstanceStatus, StatusReport } from "../core/status.ts";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

function ms(value: number | null): string {
  if (value === null) return "–";
  if (value < 1000) return `${Math.round(value)} ms`;
  const s = value / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`;
}

function when(epochMs: number | null): string {
  return epochMs === null ? "–" : new Date(epochMs).toISOString();
}

function instanceRow(server: string, u: InstanceStatus): string {
  return `<tr><td>${escapeHtml(server)}</td><td>${escapeHtml(u.id)}</td><td>${escapeHtml(u.pid ?? "–")}</td><td>${escapeHtml(u.state)}</td><td class="n">${u.inFlight}</td><td>${ms(u.uptimeMs)}</td><td class="n">${u.restarts}</td><td>${escapeHtml(u.circuit.state)}</td><td class="err">${escapeHtml(u.lastError ?? "")}</td></tr>`;
}

function serversSection(report: StatusReport): string {
  const servers = report.servers
    .map(
      (s) =>
        `<tr data-server="${escapeHtml(s.name)}"><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.kind)}</td><td class="n">${s.tools}</td><td class="n instances">${s.instances.length}</td><td class="n">${s.queued}</td><td>${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p99)}</td></tr>`,
    )
    .join("");
  const instances = report.servers.flatMap((s) => s.instances.map((u) => instanceRow(s.name, u)));
  return `<section id="servers"><h2>Servers</h2>
<div class="scroll"><table><thead><tr><th>server</th><th>kind</th><th>tools</th><th>instances</th><th>queued</th><th>p50 / p99</th></tr></thead><tbody>${servers || '<tr><td colspan="6">none</td></tr>'}</tbody></table></div>
<h3>Instances</h3>
<div class="scroll"><table><thead><tr><th>server</th><th>instance</th><th>pid</th><th>state</th><th>in flight</th><th>uptime</th><th>restarts</th><th>circuit</th><th>last error</th></tr></thead><tbody>${instances.join("") || '<tr><td colspan="9">none</td></tr>'}</tbody></table></div></section>`;
}

function sessionsSection(report: StatusReport): string {
  const rows = report.sessions
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.client)}</td><td>${escapeHtml(s.transport)}</td><td>${escapeHtml(s.era)}</td><td>${ms(s.ageMs)}</td></tr>`,
    )
    .join("");
  return `<section id="sessions"><h2>Sessions (${report.sessions.length})</h2>
<div class="scroll"><table><thead><tr><th>client</th><th>transport</th><th>protocol</th><th>age</th></tr></thead><tbody>${rows || '<tr><td colspan="4">none</td></tr>'}</tbody></table></div></section>`;
}

/** Two bars, p50 and p99, scaled to the slowest p99 on the page so tools compare at a glance. */
function latencyBars(p50: number | null, p99: number | null, max: number): string {
  const width = (v: number | null): number => (v === null || max <= 0 ? 0 : (v / max) * 100);
  return `<svg class="bars" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label="p50 ${ms(p50)}, p99 ${ms(p99)}"><rect y="0" height="5" width="${width(p50).toFixed(2)}" fill="#4a8"/><rect y="7" height="5" width="${width(p99).toFixed(2)}" fill="#c84"/></svg>`;
}

function toolsSection(report: StatusReport): string {
  const max = Math.max(0, ...report.tools.map((t) => t.p99Ms ?? 0));
  const rows = report.tools
    .map(
      (t) =>
        `<tr data-tool="${escapeHtml(t.tool)}"><td>${escapeHtml(t.tool)}</td><td class="n calls">${t.calls}</td><td class="n">${t.errors}</td><td>${ms(t.p50Ms)}</td><td>${ms(t.p99Ms)}</td><td>${latencyBars(t.p50Ms, t.p99Ms, max)}</td><td>${escapeHtml(t.clients.join(", "))}</td></tr>`,
    )
    .join("");
  return `<section id="tools"><h2>Tools</h2>
<div class="scroll"><table><thead><tr><th>tool</th><th>calls</th><th>errors</th><th>p50</th><th>p99</th><th>latency <span class="k50">p50</span> <span class="k99">p99</span></th><th>clients</th></tr></thead><tbody>${rows || '<tr><td colspan="7">no calls yet</td></tr>'}</tbody></table></div></section>`;
}

function errorsSection(report: StatusReport): string {
  const items = report.servers.flatMap((s) =>
    s.instances.flatMap((u) =>
      [u.lastError, u.circuit.lastFailure]
        .filter((e): e is string => e !== null)
        .map((e) => `<li><b>${escapeHtml(s.name)}/${escapeHtml(u.id)}</b>: ${escapeHtml(e)}</li>`),
    ),
  );
  return `<section id="errors"><h2>Recent errors</h2>${items.length === 0 ? "<p>none</p>" : `<ul>${items.join("")}</ul>`}</section>`;
}

function configSection(report: StatusReport): string {
  const c = report.config;
  const last = c.lastReload;
  const broken = Object.entries(c.brokenPlugins).map(
    ([file, error]) => `<li><b>${escapeHtml(file)}</b>: <pre>${escapeHtml(error)}</pre></li>`,
  );
  return `<section id="config"><h2>Config</h2>
<p>file <code id="config-file">${escapeHtml(c.file ?? "–")}</code>, generation ${c.generation}, loaded ${when(c.loadedAt)}</p>
${last === null ? "<p>no reload yet</p>" : `<p>last reload ${when(last.at)}: ${escapeHtml(last.summary)}</p>${last.error === null ? "" : `<pre class="err" id="config-error">${escapeHtml(last.error)}</pre>`}`}
${broken.length === 0 ? "" : `<h3>Broken plugins</h3><ul>${broken.join("")}</ul>`}</section>`;
}

/** The part of the page that changes: everything below the title. */
export function renderFragment(report: StatusReport): string {
  return `<p class="meta">pid ${report.pid}, up ${ms(report.uptimeMs)}</p>
${serversSection(report)}
${sessionsSection(report)}
${toolsSection(report)}
${errorsSection(report)}
${configSection(report)}`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:8px;max-width:1100px;color:#222}
h1{font-size:1.3em}h2{font-size:1.1em;margin:1.2em 0 .3em}h3{font-size:1em}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:2px 6px;border-bottom:1px solid #ddd;vertical-align:top}
.n{text-align:right}.err{color:#a22;white-space:pre-wrap;word-break:break-word}
pre{white-space:pre-wrap;word-break:break-word}.bars{width:120px;height:14px}
.k50{color:#4a8}.k99{color:#c84}.meta{color:#666}#live{font-size:.8em;color:#666}
@media (max-width:600px){body{font-size:13px}th,td{padding:2px 3px}.bars{width:60px}}`;

/**
 * Re-renders from the server: each "html" event carries the fragment. The
 * query string (with ?token=) goes on to /events, since EventSource cannot
 * send an Authorization header.
 */
const SCRIPT = `(function(){var live=document.getElementById("live");var view=document.getElementById("view");var es=new EventSource("events"+location.search);es.addEventListener("html",function(e){view.innerHTML=e.data;live.textContent="live";});es.onerror=function(){live.textContent="reconnecting";};})();`;

export function renderPage(report: StatusReport): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,"><title>mcpmux</title><style>${STYLE}</style></head>
<body><h1>mcpmux <span id="live">snapshot</span></h1>
<main id="view">${renderFragment(report)}</main>
<p class="meta">MCP at /mcp (Streamable HTTP) and /sse (legacy SSE); Prometheus metrics at /metrics.</p>
<script>${SCRIPT}</script></body></html>`;
}
