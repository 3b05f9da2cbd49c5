/**
 * A client session at the JSON-RPC level, over the SDK's Streamable HTTP or
 * SSE client transport (or any other, such as a stdio shim's), so tests choose ids and progress tokens themselves
 * and see every message mcpmux sends, unreshaped.
 */
import {
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type Transport,
} from "@modelcontextprotocol/client";
import { initializeParams } from "./initialize.ts";

type Json = Record<string, unknown>;
export type Message = Json & {
  id?: string | number;
  method?: string;
  params?: Json;
  result?: Json;
  error?: Json;
};

export class RawSession {
  readonly received: Message[] = [];
  private readonly waiters: Array<{
    test: (m: Message) => boolean;
    resolve: (m: Message) => void;
  }> = [];
  /** Answers server-to-client requests by method; unanswered ones get an error. */
  onRequest: (message: Message) => Json | undefined = () => undefined;

  private constructor(private readonly transport: Transport) {
    transport.onmessage = (message) => this.receive(message as unknown as Message);
  }

  static async open(
    baseUrl: string,
    kind: "http" | "sse",
    capabilities: Json = {},
    name = "raw",
  ): Promise<RawSession> {
    const transport =
      kind === "http"
        ? new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`))
        : new SSEClientTransport(new URL(`${baseUrl}/sse`));
    return RawSession.over(transport, capabilities, name);
  }

  /** A session over any client transport (a stdio shim, say), initialized. */
  static async over(
    transport: Transport,
    capabilities: Json = {},
    name = "raw",
  ): Promise<RawSession> {
    const session = new RawSession(transport);
    await transport.start();
    const init = await session.request("init", "initialize", initializeParams(name, capabilities));
    if (init.error !== undefined)
      throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
    transport.setProtocolVersion?.(String(init.result?.["protocolVersion"]));
    await session.notify("notifications/initialized");
    return session;
  }

  private receive(message: Message): void {
    this.received.push(message);
    if (message.method !== undefined && message.id !== undefined) {
      const result = this.onRequest(message);
      const reply =
        result === undefined
          ? {
              jsonrpc: "2.0",
              id: message.id,
              error: { code: -32601, message: "not handled in test" },
            }
          : { jsonrpc: "2.0", id: message.id, result };
      void this.transport.send(reply as never);
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.test(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  waitFor(test: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const found = this.received.find(test);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received).slice(0, 2000)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Sends a request with the caller's own id; resolves with the response to that id. */
  async request(
    id: string | number,
    method: string,
    params: Json = {},
    timeoutMs = 15_000,
  ): Promise<Message> {
    const response = this.waitFor((m) => m.method === undefined && m.id === id, timeoutMs);
    await this.transport.send({ jsonrpc: "2.0", id, method, params } as never);
    return response;
  }

  async send(message: Json): Promise<void> {
    await this.transport.send(message as never);
  }

  async notify(method: string, params?: Json): Promise<void> {
    await this.transport.send(
      (params === undefined
        ? { jsonrpc: "2.0", method }
        : { jsonrpc: "2.0", method, params }) as never,
    );
  }

  notifications(method: string): Message[] {
    return this.received.filter((m) => m.method === method && m.id === undefined);
  }

  /** Ends the session as a client does: DELETE for Streamable HTTP, closing the stream for SSE. */
  async close(): Promise<void> {
    const terminate = (this.transport as { terminateSession?: () => Promise<void> })
      .terminateSession;
    if (terminate !== undefined) await terminate.call(this.transport).catch(() => undefined);
    await this.transport.close();
  }
}

/** The JSON a probe-server tool reported (its structuredContent). */
export function reported(message: Message): Json {
  const result = message.result as { structuredContent?: Json } | undefined;
  if (result?.structuredContent === undefined)
    throw new Error(`no structured result: ${JSON.stringify(message)}`);
  return result.structuredContent;
}
