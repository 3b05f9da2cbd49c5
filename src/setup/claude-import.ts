/**
 * Reading the MCP servers of an existing Claude configuration
 * (claude_desktop_config.json, a project's .mcp.json, or ~/.claude.json with
 * its per-project sections) and writing them as an mcpmux config. Strings
 * are copied as written: mcpmux expands Claude Code's `${VAR}` and
 * `${VAR:-default}` itself (config/expand-env.ts).
 */
import { tsLiteral } from "./ts-literal.ts";

export interface ImportedServer {
  /** The name in the mcpmux config: its tools are `<name>__<tool>`. */
  name: string;
  /** The name in the Claude config, which its permission rules use. */
  original: string;
  server: Record<string, unknown>;
}

export interface ImportResult {
  servers: ImportedServer[];
  skipped: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** mcpmux server names are letters, digits, `_` and `-`; anything else becomes `-`. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, "-").replace(/^-+|-+$/g, "");
  return cleaned === "" ? "server" : cleaned;
}

function strings(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return Object.keys(out).length === 0 ? undefined : out;
}

function convert(entry: Json): Record<string, unknown> | string {
  if (typeof entry["command"] === "string") {
    if (
      /(^|\/)mcpmux(\.js)?$/.test(entry["command"]) ||
      (Array.isArray(entry["args"]) &&
        entry["args"].some((a) => typeof a === "string" && /mcpmux(\.js)?$/.test(a)))
    ) {
      return "it is mcpmux itself";
    }
    const server: Record<string, unknown> = { command: entry["command"] };
    if (Array.isArray(entry["args"]) && entry["args"].length > 0)
      server["args"] = entry["args"].map(String);
    const env = strings(entry["env"]);
    if (env !== undefined) server["env"] = env;
    if (typeof entry["cwd"] === "string") server["cwd"] = entry["cwd"];
    return server;
  }
  if (typeof entry["url"] === "string") {
    const server: Record<string, unknown> = { url: entry["url"] };
    const headers = strings(entry["headers"]);
    if (headers !== undefined) server["headers"] = headers;
    if (entry["type"] === "sse") server["transport"] = "sse";
    return server;
  }
  return "it has neither a command nor a url";
}

/** Every `mcpServers` section: top level, then each project of ~/.claude.json. */
function sections(doc: Json): Json[] {
  const found: Json[] = [];
  if (isObject(doc["mcpServers"])) found.push(doc["mcpServers"]);
  if (isObject(doc["projects"])) {
    for (const project of Object.values(doc["projects"])) {
      if (isObject(project) && isObject(project["mcpServers"])) found.push(project["mcpServers"]);
    }
  }
  return found;
}

export function importClaudeConfig(doc: unknown): ImportResult {
  const result: ImportResult = { servers: [], skipped: [] };
  if (!isObject(doc)) return result;
  const taken = new Set<string>();
  for (const section of sections(doc)) {
    for (const [name, entry] of Object.entries(section)) {
      const converted = isObject(entry) ? convert(entry) : "it is not an object";
      if (typeof converted === "string") {
        result.skipped.push(`${name}: ${converted}`);
        continue;
      }
      const base = safeName(name);
      if (taken.has(base)) {
        result.skipped.push(`${name}: a server named "${base}" was already imported`);
        continue;
      }
      taken.add(base);
      result.servers.push({ name: base, original: name, server: converted });
    }
  }
  return result;
}

/** The servers that had to change name, for the user to hear about. */
export function renamedServers(servers: ImportedServer[]): ImportedServer[] {
  return servers.filter((s) => s.name !== s.original);
}

/** A config file for `out`: JSON for a .json file, else TypeScript with defineConfig. */
export function renderConfig(servers: ImportedServer[], source: string, out: string): string {
  const value = Object.fromEntries(servers.map(({ name, server }) => [name, server]));
  if (out.endsWith(".json")) return `${JSON.stringify({ servers: value }, null, 2)}\n`;
  // A line comment ends at a line break, so one in the path must not reach the file.
  const from = source.replace(/[\r\n\u2028\u2029]/g, " ");
  return `// Imported by \`mcpmux import\` from ${from}.
/// <reference path="./mcpmux.d.ts" />
import { defineConfig } from "mcpmux";

export default defineConfig({
  servers: ${tsLiteral(value, "  ", "  servers: ".length)},
});
`;
}
