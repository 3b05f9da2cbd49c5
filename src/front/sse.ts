/**
 * The legacy HTTP+SSE transport (protocol 2024-11-05): GET /sse opens an
 * event stream whose first event names the endpoint to POST messages to;
 * every message to the client is an SSE `message` event on that stream.
 */
import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { SessionPort } from "../core/session.ts";
import { checkShape, ErrorCode, errorResponse, type RpcMessage } from "../protocol/jsonrpc.ts";
import { Session } from "../core/session.ts";
import { logger } from "../log.ts";
import { tooManySessions, type SessionBudget } from "./session-budget.ts";

const log = logger("sse");

const KEEPALIVE_MS = 15_000;

interface SseEntry {
  session: Session;
  stream: SSEStreamingApi;
}

export class SseFront {
  private readonly streams = new Map<string, SseEntry>();

  /** Each open stream is a session and takes a slot of `budget`. */
  constructor(
    private readonly port: SessionPort,
    private readonly messagePath: string,
    private readonly budget: SessionBudget,
  ) {}

  open(c: Context): Response {
    const release = this.budget.acquire();
    if (release === undefined) return tooManySessions(this.budget.max);
    return streamSSE(c, async (stream) => {
      const id = crypto.randomUUID();
      let queue = Promise.resolve();
      const send = (message: RpcMessage): void => {
        queue = queue
          .then(() => stream.writeSSE({ event: "message", data: JSON.stringify(message) }))
          .catch(() => undefined);
      };
      const session = new Session(this.port, { kind: "sse", send });
      this.streams.set(id, { session, stream });
      try {
        await stream.writeSSE({ event: "endpoint", data: `${this.messagePath}?sessionId=${id}` });
        await new Promise<void>((resolve) => {
          const keepalive = setInterval(
            () => void stream.write(": keepalive\n\n").catch(() => undefined),
            KEEPALIVE_MS,
          );
          stream.onAbort(() => {
            clearInterval(keepalive);
            resolve();
          });
        });
      } finally {
        this.streams.delete(id);
        session.close();
        release();
      }
    });
  }

  async post(c: Context): Promise<Response> {
    const id = c.req.query("sessionId");
    const entry = id === undefined ? undefined : this.streams.get(id);
    if (entry === undefined)
      return c.json(
        errorResponse(null, ErrorCode.InvalidRequest, "unknown or missing sessionId"),
        404,
      );
    // Its size is bounded by the app's body limit.
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return c.json(
        errorResponse(null, ErrorCode.ParseError, "Parse error: body is not valid JSON"),
        400,
      );
    }
    const checked = checkShape(value);
    if (!checked.ok) {
      log.debug(`sse: ${checked.reply === undefined ? "dropped " : ""}${checked.reason}`);
      // A bad notification or response gets no JSON-RPC answer, only the POST's status.
      if (checked.reply === undefined) return c.text("Accepted", 202);
      return c.json(checked.reply, 400);
    }
    entry.session.handle(checked.msg);
    return c.text("Accepted", 202);
  }

  close(): void {
    for (const entry of this.streams.values()) {
      entry.session.close();
      void entry.stream.close();
    }
    this.streams.clear();
  }
}
