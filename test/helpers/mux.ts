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

export async function serve(config: object, env: NodeJS.ProcessEnv = process.env): Promise<Served> {
  const file = writeConfig(config);
  const [node, ...pre] = TS_NODE as [string, ...string[]];
  const running = start(node, [...pre, CLI, "serve", "--config", file, "--port", "0"], {
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

export function stdioTransport(config: object): StdioClientTransport {
  const file = writeConfig(config);
  const [node, ...pre] = TS_NODE as [string, ...string[]];
  return new StdioClientTransport({
    command: node,
    args: [...pre, CLI, "stdio", "--config", file],
    cwd: ROOT,
    stderr: "pipe",
  });
}

export async function stdioClient(
  config: object,
  name: string,
  capabilities: Capabilities = {},
): Promise<Client> {
  const client = newClient(name, capabilities);
  await client.connect(stdioTransport(config));
  return client;
}
