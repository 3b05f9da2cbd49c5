/** Starting mcpmux the way users do, for tests: `serve` over HTTP, or `stdio` behind an SDK client. */
import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { CLI, ROOT, TS_NODE, writeConfig } from "./paths.ts";
import { start, waitForText, type Running } from "./processes.ts";

export interface Served extends Running {
  port: number;
  url: string;
}

/** How to launch mcpmux: by default its sources on this Node with tsx. */
export const FROM_SOURCES = [...TS_NODE, CLI];

export async function serve(
  config: object,
  env: NodeJS.ProcessEnv = process.env,
  launcher: string[] = FROM_SOURCES,
): Promise<Served> {
  const file = writeConfig(config);
  const [command, ...pre] = launcher as [string, ...string[]];
  const running = start(command, [...pre, "serve", "--config", file, "--port", "0"], {
    cwd: ROOT,
    env,
  });
  const match = await waitForText(
    running.stderr,
    /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/,
    20_000,
  );
  const port = Number(match[1]);
  return { ...running, port, url: `http://127.0.0.1:${port}` };
}

type Capabilities = ConstructorParameters<typeof Client>[1] extends infer O
  ? O extends { capabilities?: infer C }
    ? C
    : never
  : never;

export function newClient(name: string, capabilities: Capabilities = {}): Client {
  return new Client({ name, version: "1.0.0" }, { capabilities });
}

export async function httpClient(
  served: Served,
  name: string,
  capabilities: Capabilities = {},
): Promise<Client> {
  const client = newClient(name, capabilities);
  await client.connect(new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`)));
  return client;
}

export async function sseClient(
  served: Served,
  name: string,
  capabilities: Capabilities = {},
): Promise<Client> {
  const client = newClient(name, capabilities);
  await client.connect(new SSEClientTransport(new URL(`${served.url}/sse`)));
  return client;
}

/**
 * `mcpmux stdio` behind the SDK's stdio client. A config object is written to
 * a temp file; a string is a config file path. `standalone` serves in the
 * process itself; otherwise it is a shim to the shared daemon (give such
 * tests their own XDG_RUNTIME_DIR in `env`, and stop the daemon after).
 */
export function stdioTransport(
  config: object | string,
  launcher: string[] = FROM_SOURCES,
  mode: { standalone: true } | { standalone: false; env: Record<string, string> } = {
    standalone: true,
  },
): StdioClientTransport {
  const file = typeof config === "string" ? config : writeConfig(config);
  const [command, ...pre] = launcher as [string, ...string[]];
  const args = [...pre, "stdio", "--config", file, ...(mode.standalone ? ["--standalone"] : [])];
  return new StdioClientTransport({
    command,
    args,
    cwd: ROOT,
    stderr: "pipe",
    ...(mode.standalone ? {} : { env: mode.env }),
  });
}

export async function stdioClient(
  config: object | string,
  name: string,
  capabilities: Capabilities = {},
  launcher: string[] = FROM_SOURCES,
): Promise<Client> {
  const client = newClient(name, capabilities);
  await client.connect(stdioTransport(config, launcher));
  return client;
}
