/**
 * One client session as the proxy sees it. It owns everything that must
 * never be shared between clients: capabilities, protocol version, log level,
 * subscriptions, its requests in flight, and the server-to-client requests
 * sent to it. `initialize` is answered here, never forwarded.
 */
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/server";
import { logger } from "../log.ts";
import type { Forward } from "../upstream/upstream.ts";
import type { Caller, ClientCapability, Origin } from "../protocol/caller.ts";
import type { ClientChannel } from "./channel.ts";
import {
  ErrorCode,
  errorResponse,
  isNotification,
  isRequest,
  type JsonObject,
  type RequestId,
  type RpcMessage,
  type RpcNotification,
  type RpcRequest,
  type RpcResponse,
} from "../protocol/jsonrpc.ts";
import { isLogLevel, type McpLogLevel } from "../protocol/log-levels.ts";

/**
 * All a session knows of the rest of mcpmux: who answers its requests, and
 * whom to tell when it comes, goes, or changes its log level. The router and
 * the hub provide it (see `sessionPort` in router.ts); the session never
 * reaches into them.
 */
export interface SessionPort {
  /** The answer, or undefined when the request was forwarded and is answered later. */
  handle(
    session: Session,
    request: RpcRequest,
  ): Promise<RpcResponse | undefined> | RpcResponse | undefined;
  attach(session: Session): void;
  detach(session: Session): void;
  logLevelChanged(): void;
}

/** Where a forwarded call goes: a server's pool (or anything that forwards like one). */
export interface CallTarget {
  readonly name: string;
  forward(
    method: string,
    params: JsonObject | undefined,
    origin: Origin,
    sessionId: string,
    target?: string,
  ): Forward;
}

const log = logger("session");
let sessionCounter = 0;

/** Ids keep their type: "1" and 1 are different requests. */
export function idKey(id: RequestId): string {
  return typeof id === "number" ? `n:${id}` : `s:${id}`;
}

export class Session implements Caller {
  readonly id = `s${++sessionCounter}`;
  readonly startedAt = Date.now();
  initialized = false;
  handshakeDone = false;
  clientInfo: JsonObject = {};
  clientCapabilities: JsonObject = {};
  protocolVersion: string = LATEST_PROTOCOL_VERSION;
  logLevel: McpLogLevel | undefined;
  readonly subscriptions = new Set<string>();
  /** Per list (tools, prompts, ...), what this client was last shown: it hears list_changed only for real changes. */
  readonly shownLists = new Map<string, string>();
  readonly inflight = new Map<string, Forward>();
  private readonly outgoing = new Map<number, (reply: RpcResponse) => void>();
  private nextOutgoingId = 1;
  private closed = false;

  constructor(
    private readonly port: SessionPort,
    private readonly channel: ClientChannel,
  ) {
    port.attach(this);
  }

  get kind(): string {
    return this.channel.kind;
  }

  /** Entry point for every message from the client. */
  handle(message: RpcMessage): void {
    if (this.closed) return;
    if (isRequest(message)) void this.onRequest(message);
    else if (isNotification(message)) this.onNotification(message);
    else this.onResponse(message);
  }

  private async onRequest(request: RpcRequest): Promise<void> {
    let reply: RpcResponse | undefined;
    try {
      reply = await this.port.handle(this, request);
    } catch (err) {
      log.error(`${request.method} failed: ${err instanceof Error ? err.stack : String(err)}`);
      reply = errorResponse(
        request.id,
        ErrorCode.InternalError,
        `mcpmux failed to handle ${request.method}`,
      );
    }
    if (reply !== undefined) this.reply(request.id, reply);
  }

  /** Sends a response with the client's own id (type preserved). */
  reply(id: RequestId, response: RpcResponse): void {
    if (this.closed) return;
    this.channel.send({ ...response, id }, id);
  }

  /**
   * Forwards a client request to a server's pool and answers when it does.
   * `target` is the tool, prompt or resource asked for (capability routing).
   */
  forward(
    request: RpcRequest,
    pool: CallTarget,
    params: JsonObject | undefined,
    target?: string,
  ): undefined | RpcResponse {
    const key = idKey(request.id);
    if (this.inflight.has(key)) {
      return errorResponse(
        request.id,
        ErrorCode.InvalidRequest,
        `request id ${JSON.stringify(request.id)} is already in flight`,
      );
    }
    const meta = params?.["_meta"] as JsonObject | undefined;
    const token = meta?.["progressToken"];
    const origin = {
      caller: this,
      clientId: request.id,
      ...(typeof token === "string" || typeof token === "number"
        ? { clientProgressToken: token }
        : {}),
    };
    const forward = pool.forward(request.method, params, origin, this.id, target);
    this.inflight.set(key, forward);
    void forward.done.then((outcome) => {
      this.inflight.delete(key);
      if (outcome !== "cancelled") this.reply(request.id, outcome);
    });
    return undefined;
  }

  private onNotification(message: RpcNotification): void {
    switch (message.method) {
      case "notifications/initialized":
        this.initialized = true;
        return;
      case "notifications/cancelled": {
        const id = message.params?.["requestId"];
        if (typeof id !== "string" && typeof id !== "number") return;
        const reason = message.params?.["reason"];
        this.inflight.get(idKey(id))?.cancel(typeof reason === "string" ? reason : undefined);
        return;
      }
      default:
        // roots/list_changed and the like concern this session alone; shared upstreams are not told.
        log.debug(`${this.id}: ignored ${message.method}`);
    }
  }

  private onResponse(message: RpcResponse): void {
    if (typeof message.id !== "number") return;
    const resolve = this.outgoing.get(message.id);
    if (resolve === undefined) return;
    this.outgoing.delete(message.id);
    resolve(message);
  }

  setLogLevel(level: unknown): boolean {
    if (!isLogLevel(level)) return false;
    this.logLevel = level;
    this.port.logLevelChanged();
    return true;
  }

  // --- Caller: what upstreams need from this session -----------------------

  supports(capability: ClientCapability): boolean {
    return this.clientCapabilities[capability] !== undefined;
  }

  notifyClient(message: RpcNotification, relatedRequestId?: RequestId): void {
    if (!this.closed) this.channel.send(message, relatedRequestId);
  }

  requestClient(
    method: string,
    params: JsonObject | undefined,
    relatedRequestId: RequestId,
    signal: AbortSignal,
  ): Promise<RpcResponse> {
    if (this.closed)
      return Promise.resolve(
        errorResponse(null, ErrorCode.InternalError, "client session is closed"),
      );
    const id = this.nextOutgoingId++;
    return new Promise((resolve) => {
      this.outgoing.set(id, resolve);
      signal.addEventListener("abort", () => {
        if (!this.outgoing.delete(id)) return;
        this.channel.send(
          {
            jsonrpc: "2.0",
            method: "notifications/cancelled",
            params: { requestId: id, reason: "cancelled by the server" },
          },
          relatedRequestId,
        );
        resolve(errorResponse(null, ErrorCode.InternalError, "cancelled"));
      });
      const message: RpcRequest =
        params === undefined
          ? { jsonrpc: "2.0", id, method }
          : { jsonrpc: "2.0", id, method, params };
      this.channel.send(message, relatedRequestId);
    });
  }

  /** The client went away: cancel its work upstream and release what it held. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const forward of this.inflight.values()) forward.cancel("client disconnected");
    this.inflight.clear();
    for (const resolve of this.outgoing.values())
      resolve(errorResponse(null, ErrorCode.InternalError, "client session closed"));
    this.outgoing.clear();
    this.port.detach(this);
  }

  negotiateVersion(requested: unknown): string {
    return typeof requested === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(requested)
      ? requested
      : LATEST_PROTOCOL_VERSION;
  }
}
