/**
 * What `mcpmux check` verifies beyond the schema, without starting
 * anything: each stdio server's program exists and may run (found the way
 * its spawn will find it), its working directory and plugin files exist,
 * remote URLs are http(s), the HTTP port is free, and the config serves
 * something at all. Errors would stop a server (or the daemon) from
 * starting; warnings are likely mistakes that still run. The machine is
 * reached only through `PreflightSystem`, so tests inject one.
 */
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "./http.ts";
import { lookupCommand, type FileSystemView } from "./command-lookup.ts";
import { commandProblem } from "./command-problem.ts";
import type { Config, ServerConfig, VariantConfig } from "./schema.ts";
import { statefulWarnings } from "./stateful.ts";
import type { ConfigProblem } from "../validation/problems.ts";

export type ListenResult = "free" | "in-use" | "denied" | "no-such-address" | { error: string };

export interface PreflightSystem extends FileSystemView {
  /** Whether something could listen on host:port now (bind, then close at once). */
  listenable(host: string, port: number): Promise<ListenResult>;
}

export interface PreflightInput {
  /** A validated config, its paths anchored to its folder (as loadConfig returns it). */
  config: Config;
  /** The environment servers inherit before their own `env`. */
  env: Record<string, string | undefined>;
  /** How many instances a server may run (its pool's max). */
  maxInstances: (server: string) => number;
  /** The pid of this config's running daemon, if one runs: it holds the HTTP port. */
  daemonPid?: number | undefined;
}

export interface PreflightReport {
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export async function preflight(
  input: PreflightInput,
  system: PreflightSystem,
): Promise<PreflightReport> {
  const report: PreflightReport = { errors: [], warnings: [] };
  serversAtAll(input.config, report);
  for (const [name, server] of Object.entries(input.config.servers)) {
    if (server.disabled === true) continue;
    const endpoints = server.variants?.map(
      (v, i) => [`servers.${name}.variants.${i}`, v] as const,
    ) ?? [[`servers.${name}`, server] as const];
    for (const [path, endpoint] of endpoints)
      report.errors.push(...endpointProblems(path, endpoint, input.env, system));
  }
  await portProblems(input, system, report);
  report.warnings.push(...statefulWarnings(input.config, input.maxInstances));
  return report;
}

const EXAMPLE_SERVER =
  'servers: { memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] } }';

/** A config with no server to run serves nothing: a mistake, not a setup. */
function serversAtAll(config: Config, report: PreflightReport): void {
  const all = Object.values(config.servers);
  if (all.length === 0) {
    report.errors.push({
      path: "servers",
      message: "the config has no servers, so mcpmux would serve nothing",
      hint: `add one, e.g. ${EXAMPLE_SERVER}; or convert Claude's with \`mcpmux import ~/.claude.json\``,
    });
  } else if (all.every((server) => server.disabled === true)) {
    report.warnings.push({
      path: "servers",
      message: "every server is disabled, so mcpmux would serve nothing",
      hint: "remove `disabled: true` from the servers to run",
    });
  }
}

function endpointProblems(
  path: string,
  endpoint: ServerConfig | VariantConfig,
  baseEnv: Record<string, string | undefined>,
  fs: FileSystemView,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (endpoint.command !== undefined) {
    const cwd = endpoint.cwd ?? ".";
    const cwdKind = fs.kind(cwd);
    if (cwdKind !== "directory") {
      problems.push({
        path: `${path}.cwd`,
        message: cwdKind === "missing" ? `folder ${cwd} does not exist` : `${cwd} is not a folder`,
        hint: "a relative cwd is relative to the config's folder",
      });
    }
    // The server's PATH is mcpmux's, unless its own `env` sets one.
    const env = { ...baseEnv, ...(endpoint.env ?? {}) };
    const lookup = lookupCommand(endpoint.command, cwd, env["PATH"], fs);
    const problem = commandProblem(`${path}.command`, endpoint.command, cwd, lookup);
    if (problem !== undefined) problems.push(problem);
  }
  if (endpoint.plugin !== undefined && fs.kind(endpoint.plugin) !== "file") {
    problems.push({
      path: `${path}.plugin`,
      message: `plugin file ${endpoint.plugin} does not exist`,
      hint: "a plugin path is relative to the config's folder",
    });
  }
  if (endpoint.url !== undefined) {
    const protocol = new URL(endpoint.url).protocol;
    if (protocol !== "http:" && protocol !== "https:") {
      problems.push({
        path: `${path}.url`,
        message: `"${endpoint.url}" is not an http:// or https:// URL`,
        hint: "mcpmux reaches a remote server over Streamable HTTP or SSE, both at an http(s) URL",
      });
    }
  }
  return problems;
}

/** The daemon (and `serve`) listen on http.port when the config has an `http` section. */
async function portProblems(
  input: PreflightInput,
  system: PreflightSystem,
  report: PreflightReport,
): Promise<void> {
  const http = input.config.http;
  if (http === undefined) return;
  const host = http.host ?? DEFAULT_HTTP_HOST;
  const port = http.port ?? DEFAULT_HTTP_PORT;
  if (port === 0) return; // any free port
  const result = await system.listenable(host, port);
  if (result === "free") return;
  const where = `port ${port} on ${host}`;
  if (result === "in-use" && input.daemonPid !== undefined) {
    report.warnings.push({
      path: "http.port",
      message: `${where} is in use, most likely by this config's running daemon (pid ${input.daemonPid})`,
      hint: "`mcpmux status` shows it; a reload keeps its port",
    });
  } else if (result === "in-use") {
    report.errors.push({
      path: "http.port",
      message: `${where} is already in use`,
      hint: "a running mcpmux daemon may hold it (`mcpmux status`, with --config for another config's daemon), or another program does: stop it or choose another http.port",
    });
  } else if (result === "denied") {
    report.errors.push({
      path: "http.port",
      message: `not allowed to listen on ${where}`,
      hint: "ports below 1024 need privileges: choose a port above 1023",
    });
  } else if (result === "no-such-address") {
    report.errors.push({
      path: "http.host",
      message: `"${host}" is not an address of this machine`,
      hint: 'listen on 127.0.0.1 (this machine only) or "0.0.0.0" (every interface, with http.auth.token)',
    });
  } else {
    report.errors.push({
      path: "http.port",
      message: `cannot listen on ${where}: ${result.error}`,
    });
  }
}
