/**
 * Streamable HTTP at /mcp: one SDK transport per client session (framing,
 * SSE streams, session ids and protocol headers are the SDK's), each feeding
 * a proxy Session with raw messages. A session takes a slot of the shared
 * budget, and is closed (as a DELETE would) once it has had no request and
 * no open stream for the idle timeout.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import type { SessionPort } from "../core/session.ts";
import {
  checkShape,
  ErrorCode,
  errorResponse,
  type JsonObject,
  type RequestId,
  type RpcMessage,
} from "../protocol/jsonrpc.ts";
import { Session } from "../core/session.ts";
import { logger } from "../log.ts";
import { rpcErrorResponse } from "./http-errors.ts";
import { IdleWatch, onResponseDone } from "./idle.ts";
import { tooManySessions, type SessionBudget } from "./session-budget.ts";

const log = logger("http");

interface Entry {
  transport: WebStandardStreamableHTTPServerTransport;
  session: Session;
  idle: IdleWatch;
  release: () => void;
}

/**
 * What the SDK transport gets wrong about a POSTed message, answered here
 * first with the same check as every other front: valid JSON that is not a
 * JSON-RPC message is an Invalid Request (-32600, with its id when it can be
 * read), not a parse error; an empty batch is an Invalid Request, not
 * silently accepted; a message nested too deep for JSON.stringify never
 * reaches the router; a bad notification or response is dropped (202).
 * Unparseable bodies and non-empty batches are left to the SDK (undefined);
 * otherwise the id to answer with, should the SDK refuse the message.
 */
async function precheck(
  request: Request,
): Promise<{ refused?: Response; id: RequestId | null } | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await request.clone().text());
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) return undefined;
    const reply = errorResponse(null, ErrorCode.InvalidRequest, "Invalid Request: an empty batch");
    return { refused: Response.json(reply, { status: 400 }), id: null };
  }
  const checked = checkShape(value);
  if (checked.ok) {
    const id = (value as JsonObject)["id"];
    return { id: typeof id === "string" || typeof id === "number" ? id : null };
  }
  log.debug(`${checked.reply === undefined ? "dropped " : ""}${checked.reason}`);
  if (checked.reply === undefined)
    return { refused: new Response(null, { status: 202 }), id: null };
  return { refused: Response.json(checked.reply, { status: 400 }), id: null };
}

/**
 * The SDK refuses some well-formed JSON (fractional or unsafe integer ids,
 * unknown top-level fields, a `_meta` that is not an object) with -32700,
 * "Parse error"; the body was valid JSON, so it is an Invalid Request.
 */
async function notParseError(response: Response, id: RequestId | null): Promise<Response> {
  const text = await response.text();
  let error: unknown;
  try {
    error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
  } catch {
    error = undefined;
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== ErrorCode.ParseError)
    return new Response(text, { status: response.status, headers: response.headers });
  return Response.json(
    errorResponse(
      id,
      ErrorCode.InvalidRequest,
      `Invalid Request: not a message this transport accepts (${String(message)})`,
    ),
    { status: 400 },
  );
}

export interface StreamableOptions {
  budget: SessionBudget;
  /** ms; 0 = never. */
  sessionIdleTimeoutMs: number;
}

export class StreamableHttpFront {
  private readonly sessions = new Map<string, Entry>();

  constructor(
    private readonly port: SessionPort,
    private readonly options: StreamableOptions,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: Request): Promise<Response> {
    const sessionId = request.headers.get("mcp-session-id");
    if (sessionId !== null) {
      const entry = this.sessions.get(sessionId);
      if (entry === undefined)
        return rpcErrorResponse(
          404,
          -32001,
          "Session not found: start a new session with initialize",
        );
      const checked = request.method === "POST" ? await precheck(request) : undefined;
      if (checked?.refused !== undefined) return checked.refused;
      entry.idle.begin();
      let response: Response;
      try {
        response = await entry.transport.handleRequest(request);
        if (checked !== undefined && response.status === 400)
          response = await notParseError(response, checked.id);
      } catch (err) {
        entry.idle.end();
        throw err;
      }
      return onResponseDone(response, () => entry.idle.end());
    }
    if (request.method !== "POST")
      return rpcErrorResponse(
        400,
        -32000,
        "Bad Request: no mcp-session-id header; POST initialize first",
      );
    return this.open(request);
  }

  private async open(request: Request): Promise<Response> {
    const release = this.options.budget.acquire();
    if (release === undefined) return tooManySessions(this.options.budget.max);
    let session: Session | undefined;
    let created: Entry | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (id) => {
        if (session === undefined) return;
        // Open from the start: the initialize request being answered.
        const idle = new IdleWatch(this.options.sessionIdleTimeoutMs, () => this.expire(id), 1);
        created = { transport, session, idle, release };
        this.sessions.set(id, created);
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
      if (transport.sessionId !== undefined) this.drop(transport.sessionId);
    };
    await transport.start();
    const response = await transport.handleRequest(request).catch((err: unknown) => {
      if (created === undefined) release();
      throw err;
    });
    const entry = created;
    // Not an initialize (or a rejected one): no session was created.
    if (entry === undefined) {
      owned.close();
      release();
      return response;
    }
    return onResponseDone(response, () => entry.idle.end());
  }

  private expire(id: string): void {
    const entry = this.sessions.get(id);
    if (entry === undefined) return;
    log.info(
      `http session ${id} had no request and no open stream for ${this.options.sessionIdleTimeoutMs} ms: closed`,
    );
    this.drop(id);
    void entry.transport.close().catch(() => undefined);
  }

  private drop(id: string): void {
    const entry = this.sessions.get(id);
    if (entry === undefined) return;
    this.sessions.delete(id);
    entry.idle.dispose();
    entry.release();
    entry.session.close();
  }

  async close(): Promise<void> {
    for (const [id, entry] of [...this.sessions]) {
      this.drop(id);
      await entry.transport.close().catch(() => undefined);
    }
  }
}
