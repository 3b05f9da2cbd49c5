// The "client" the conformance suite's client mode runs: mcpmux's upstream
// side, driven through mcpmux itself.
//
//   conformance client --command "<node> --import tsx <this file>" --scenario S
//
// The suite appends its test server's URL as the last argument and names the
// scenario in MCP_CONFORMANCE_SCENARIO. This script writes a temp mcpmux
// config with that URL as the one server, starts `mcpmux stdio` behind an SDK
// client that declares `elicitation` (and accepts every elicitation with the
// requested schema's defaults), lists the tools, calls each once with
// arguments made from its input schema, and closes.
//
// Exit code 0 when every step worked (tool results with isError are logged,
// not fatal); 1 otherwise. mcpmux's stderr is copied to this script's stderr,
// which the suite keeps (stderr.txt in its output directory).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = join(ROOT, "src/cli/main.ts");
/** Whole run, bounded below the --timeout run-suite.ts gives the suite (25 s). */
const OVERALL_TIMEOUT_MS = Number(process.env["CLIENT_DRIVER_TIMEOUT_MS"] ?? 20_000);
/** Scenarios whose server speaks the legacy HTTP+SSE transport (none at present). */
const SSE_SCENARIOS = new Set<string>();

type Json = Record<string, unknown>;

const log = (message: string): void => void process.stderr.write(`[driver] ${message}\n`);

/** The suite hands out http://localhost:PORT URLs; tests keep to 127.0.0.1. */
function loopbackUrl(raw: string): string {
  const url = new URL(raw);
  if (url.hostname === "localhost") url.hostname = "127.0.0.1";
  return url.href;
}

/** A value for one JSON Schema property: its default, else its first enum member, else by type. */
function sampleValue(schema: unknown, index: number): unknown {
  const s = (schema ?? {}) as Json;
  if ("default" in s) return s["default"];
  if ("const" in s) return s["const"];
  if (Array.isArray(s["enum"]) && s["enum"].length > 0) return s["enum"][0];
  const type = Array.isArray(s["type"]) ? s["type"][0] : s["type"];
  switch (type) {
    case "number":
    case "integer":
      return index + 2; // 2, 3, ...: distinct small numbers (add_numbers(2, 3) = 5)
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return sampleArguments(s);
    case "null":
      return null;
    default:
      return "test";
  }
}

/** Arguments for a tool: every property of its input schema, made up by sampleValue. */
function sampleArguments(inputSchema: unknown): Json {
  const properties = ((inputSchema ?? {}) as Json)["properties"];
  const args: Json = {};
  if (properties === null || typeof properties !== "object") return args;
  Object.entries(properties as Json).forEach(([name, schema], index) => {
    args[name] = sampleValue(schema, index);
  });
  return args;
}

/** The elicitation answer: accept, with every default the requested schema declares. */
function defaultsOf(requestedSchema: unknown): Record<string, string | number | boolean> {
  const properties = ((requestedSchema ?? {}) as Json)["properties"];
  const content: Record<string, string | number | boolean> = {};
  if (properties === null || typeof properties !== "object") return content;
  for (const [name, schema] of Object.entries(properties as Json)) {
    const value = ((schema ?? {}) as Json)["default"];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      content[name] = value;
  }
  return content;
}

async function run(serverUrl: string, scenario: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mcpmux-client-driver-"));
  const config = join(dir, "mcp.config.json");
  const server: Json = { url: loopbackUrl(serverUrl) };
  if (SSE_SCENARIOS.has(scenario)) server["transport"] = "sse";
  writeFileSync(config, JSON.stringify({ servers: { conformance: server } }, null, 2));
  log(`scenario ${scenario || "?"}: mcpmux stdio in front of ${JSON.stringify(server)}`);

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", CLI, "stdio", "--standalone", "--config", config],
    cwd: ROOT,
    env: { MCPMUX_LOG: process.env["MCPMUX_LOG"] ?? "debug" },
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));

  const client = new Client(
    { name: "mcpmux-conformance-driver", version: "1.0.0" },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    const params = request.params as Json;
    const content = defaultsOf(params["requestedSchema"]);
    log(`elicitation/create: accepting with ${JSON.stringify(content)}`);
    return { action: "accept", content };
  });

  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    log(`tools/list: ${tools.map((tool) => tool.name).join(", ") || "(none)"}`);
    for (const tool of tools) {
      const args = sampleArguments(tool.inputSchema);
      const result = await client.callTool({ name: tool.name, arguments: args });
      log(`tools/call ${tool.name} ${JSON.stringify(args)} -> ${JSON.stringify(result)}`);
    }
  } finally {
    await client.close().catch((error: unknown) => log(`close: ${String(error)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

const serverUrl = process.argv[process.argv.length - 1] ?? "";
const scenario = process.env["MCP_CONFORMANCE_SCENARIO"] ?? "";
if (!/^https?:\/\//.test(serverUrl)) {
  log("usage: client-driver.ts <server URL> (the conformance suite appends it)");
  process.exit(2);
}
const timer = setTimeout(() => {
  log(`gave up after ${OVERALL_TIMEOUT_MS} ms`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
run(serverUrl, scenario).then(
  () => {
    clearTimeout(timer);
    log("done");
    process.exit(0);
  },
  (error: unknown) => {
    clearTimeout(timer);
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
