/**
 * Streamable HTTP at /mcp: one SDK transport per client session (framing,
 * SSE streams, session ids and protocol headers are the SDK's), each feeding
 * a proxy Session with raw messages.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import type { SessionPort } from "../core/session.ts";
import type { RpcMessage } from "../protocol/jsonrpc.ts";
import { Session } from "../core/session.ts";

interface Entry {
  transport: WebStandardStreamableHTTPServerTransport;
  session: Session;
}

export class StreamableHttpFront {
  private readonly sessions = new Map<string, Entry>();

  constructor(private readonly port: SessionPort) {}

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: Request): Promise<Response> {
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId !== null) {
      const entry = this.sessions.get(sessionId);
      if (entry === undefined)
        return jsonError(404, -32001, "Session not found: start a new session with initialize");
      return entry.transport.handleRequest(request);
    }
    if (request.method !== "POST")
      return jsonError(400, -32000, "Bad Request: no mcp-session-id header; POST initialize first");
    return this.open(request);
  }

  private async open(request: Request): Promise<Response> {
    let session: Session | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (id) => {
        if (session !== undefined) this.sessions.set(id, { transport, session });
      },
      onsessionclosed: (id) => this.drop(id),
    });
    session = new Session(this.port, {
      kind: "http",
      send: (message, relatedRequestId) => {
        const options = relatedRequestId === undefined ? undefined : { relatedRequestId };
        transport.send(message as never, options).catch(() => undefined);
      },
    });
    const owned = session;
    transport.onmessage = (message) => owned.handle(message as unknown as RpcMessage);
    transport.onclose = () => {
      owned.close();
      if (transport.sessionId !== undefined) this.sessions.delete(transport.sessionId);
    };
    await transport.start();
    const response = await transport.handleRequest(request);
    // Not an initialize (or a rejected one): no session was created.
    if (transport.sessionId === undefined || !this.sessions.has(transport.sessionId)) owned.close();
    return response;
  }

  private drop(id: string): void {
    const entry = this.sessions.get(id);
    this.sessions.delete(id);
    entry?.session.close();
  }

  async close(): Promise<void> {
    for (const [id, entry] of [...this.sessions]) {
      this.drop(id);
      await entry.transport.close().catch(() => undefined);
    }
  }
}

function jsonError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } }), {
    status,
    headers: { "content-type": "application/json" },
  });
}
