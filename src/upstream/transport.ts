/**
 * Builds the transport to one upstream server from its config: a child
 * process over stdio (our own framing, for process-group control and raw
 * pass-through), or the SDK's Streamable HTTP / SSE client transports.
 */
import {
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from "@modelcontextprotocol/client";
import type { ServerConfig } from "../config/schema.ts";
import { PLUGIN_HOST_COMMAND, selfCommand } from "../runtime/self-command.ts";
import { namedFetch } from "./named-fetch.ts";
import { StdioChildTransport } from "./stdio-child.ts";

export type UpstreamTransport = Transport & {
  readonly pid?: number | undefined;
  readonly lastStderr?: string | undefined;
};

export function createTransport(
  name: string,
  server: ServerConfig,
  baseEnv: Record<string, string | undefined>,
): UpstreamTransport {
  if (server.command !== undefined || server.plugin !== undefined) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
    Object.assign(env, server.env ?? {});
    // A plugin runs in a host process of this same mcpmux: a plugin that loops or crashes costs one instance.
    const self = selfCommand();
    const { command, args } =
      server.plugin === undefined
        ? { command: server.command ?? "", args: server.args ?? [] }
        : { command: self.command, args: [...self.args, PLUGIN_HOST_COMMAND, server.plugin] };
    return new StdioChildTransport(name, {
      command,
      args,
      env,
      ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    });
  }
  const url = new URL(server.url ?? "");
  const requestInit: RequestInit = { headers: server.headers ?? {} };
  const fetchNamed = namedFetch();
  if (server.transport === "sse") {
    return new SSEClientTransport(url, {
      requestInit,
      fetch: fetchNamed,
      eventSourceInit: {
        fetch: (input: string | URL | Request, init?: RequestInit) =>
          fetchNamed(input instanceof Request ? input.url : input, {
            ...init,
            headers: { ...headersOf(init), ...(server.headers ?? {}) },
          }),
      } as EventSourceInit,
    });
  }
  return new StreamableHTTPClientTransport(url, { requestInit, fetch: fetchNamed });
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => (out[key] = value));
  return out;
}
