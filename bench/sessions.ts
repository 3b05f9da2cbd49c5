/**
 * Client sessions for the benches, the ways a client reaches a server:
 * direct (its own server process over stdio), through `mcpmux stdio` (a
 * shim to the shared daemon, or `--standalone`), or over Streamable HTTP to
 * the daemon (the SDK's client, or lean-http.ts). A `Caller` is one session
 * reduced to the call a timing loop repeats. Every process gets the run's
 * marker in its environment, so the caller can measure and kill them all
 * by pid.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { ROOT } from "../test/helpers/paths.ts";
import type { LeanHttpSession } from "./lean-http.ts";

export type Transport = Parameters<Client["connect"]>[0];

export interface ServerCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export function directTransport(server: ServerCommand, env: Record<string, string>): Transport {
  return new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...env, ...server.env },
    cwd: ROOT,
    stderr: "ignore",
  });
}

/** `<binary> stdio --config F`: a shim to the daemon of `env`'s runtime dir. */
export function shimTransport(
  binary: string,
  config: string,
  env: Record<string, string>,
  standalone = false,
): Transport {
  return new StdioClientTransport({
    command: binary,
    args: ["stdio", "--config", config, ...(standalone ? ["--standalone"] : [])],
    env,
    cwd: ROOT,
    stderr: "ignore",
  });
}

export function httpTransport(url: URL): Transport {
  return new StreamableHTTPClientTransport(url);
}

export async function connect(name: string, transport: Transport): Promise<Client> {
  const client = new Client({ name, version: "1" });
  await client.connect(transport);
  return client;
}

/** `n` sessions, connected one after another (as sessions open in real use). */
export async function connectMany(
  n: number,
  name: string,
  transport: (i: number) => Transport,
): Promise<Client[]> {
  const clients: Client[] = [];
  try {
    for (let i = 0; i < n; i++) clients.push(await connect(`${name}-${i}`, transport(i)));
  } catch (err) {
    await closeAll(clients);
    throw err;
  }
  return clients;
}

/** Closes every client, never throwing (the caller kills what is left by marker). */
export async function closeAll(clients: readonly Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
}

/** One session as the timing loops see it: one tool call (always the same), and an end. */
export interface Caller {
  call(): Promise<unknown>;
  close(): Promise<void>;
}

export function sdkCaller(client: Client, tool: string): Caller {
  return {
    call: () => client.callTool({ name: tool, arguments: {} }),
    close: () => client.close().catch(() => undefined),
  };
}

export function leanCaller(session: LeanHttpSession, tool: string): Caller {
  return { call: () => session.callTool(tool), close: () => session.close() };
}

/** `n` callers opened one after another; on a failure the ones opened are closed. */
export async function openMany(n: number, open: (i: number) => Promise<Caller>): Promise<Caller[]> {
  const callers: Caller[] = [];
  try {
    for (let i = 0; i < n; i++) callers.push(await open(i));
  } catch (err) {
    await Promise.all(callers.map((c) => c.close()));
    throw err;
  }
  return callers;
}
