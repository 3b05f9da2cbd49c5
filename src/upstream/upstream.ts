/**
 * One upstream connection: a server process or remote session that the proxy
 * talks to as an MCP client. It does its own handshake, keeps the server's
 * lists, forwards requests under fresh ids, and routes what comes back
 * (responses, progress, server-to-client requests) to the client session that
 * caused it. A crashed server is restarted with backoff.
 */
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/server";
import type { ServerConfig } from "../config/schema.ts";
import {
  DEFAULT_REMOTE_CONCURRENCY,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STARTUP_TIMEOUT_MS,
} from "../config/schema.ts";
import type { Caller, ClientCapability, Origin } from "../core/caller.ts";
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
} from "../core/jsonrpc.ts";
import { errorText, logger, type Logger } from "../log.ts";
import { VERSION } from "../version.ts";
import { kindsChangedBy, LIST_KINDS, LISTS, MAX_UPSTREAM_PAGES, type ListKind } from "./lists.ts";
import { PendingTable, type Outcome } from "./pending.ts";
import { Slots } from "./slots.ts";
import { createTransport, type UpstreamTransport } from "./transport.ts";

export type UpstreamState = "idle" | "starting" | "ready" | "down" | "stopped";

export interface ServerHandshake {
  protocolVersion: string;
  capabilities: JsonObject;
  serverInfo: JsonObject;
  instructions?: string;
}

export interface UpstreamHooks {
  catalogChanged(upstream: Upstream, kinds: ListKind[]): void;
  notification(upstream: Upstream, message: RpcNotification): void;
  ready(upstream: Upstream): void;
}

export interface Forward {
  done: Promise<Outcome>;
  cancel(reason?: string): void;
}

/** Timeout error code used by the MCP SDKs. */
export const REQUEST_TIMEOUT = -32001;

const CLIENT_CAPABILITY_OF: Record<string, ClientCapability> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

const ATTRIBUTION_WAIT_MS = 10_000;
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
const STABLE_UPTIME_MS = 60_000;

export class Upstream {
  state: UpstreamState = "idle";
  handshake: ServerHandshake | undefined;
  lastError: string | undefined;
  restarts = 0;
  startedAt: number | undefined;
  readonly catalog: Record<ListKind, JsonObject[]> = {
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
  };

  private transport: UpstreamTransport | undefined;
  private readonly pending = new PendingTable();
  private starting: Promise<void> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private crashStreak = 0;
  /** Set once the server has sent a server-to-client request: from then on,
   * client calls are dispatched one at a time so attribution stays exact. */
  private exclusive = false;
  private readonly slots: Slots;
  private readonly clientRequests = new Map<RequestId, AbortController>();
  private readonly attributionWaiters = new Set<() => void>();
  private readonly log: Logger;

  constructor(
    readonly name: string,
    readonly config: ServerConfig,
    private readonly hooks: UpstreamHooks,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.log = logger(`server ${name}`);
    this.slots = new Slots(this.maxConcurrency);
    this.pending.onSettled = () => {
      for (const check of [...this.attributionWaiters]) check();
    };
  }

  get pid(): number | undefined {
    return this.transport?.pid;
  }

  get inFlight(): number {
    return this.pending.countFromClients();
  }

  /** Client calls in flight at once. 1 for stdio servers: a server-to-client
   * request is then always tied to exactly one session's call. */
  get maxConcurrency(): number {
    return (
      this.config.maxConcurrency ??
      (this.config.command !== undefined ? 1 : DEFAULT_REMOTE_CONCURRENCY)
    );
  }

  private get requestTimeout(): number {
    return this.config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private get startupTimeout(): number {
    return this.config.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT_MS;
  }

  /** Idempotent: concurrent callers share one start. */
  start(): Promise<void> {
    if (this.state === "stopped")
      return Promise.reject(new Error(`server "${this.name}" is stopped`));
    if (this.state === "ready") return Promise.resolve();
    this.starting ??= this.boot().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async boot(): Promise<void> {
    this.state = "starting";
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no handshake within ${this.startupTimeout} ms`)),
        this.startupTimeout,
      );
    });
    try {
      await Promise.race([this.connect(), timeout]);
      if (this.state !== "starting") throw new Error("stopped while starting");
      this.state = "ready";
      this.lastError = undefined;
      this.startedAt = Date.now();
      this.log.info(`ready (${this.describe()})`);
      this.hooks.ready(this);
    } catch (err) {
      this.lastError = errorText(err);
      const transport = this.transport;
      this.transport = undefined;
      await transport?.close().catch(() => undefined);
      if ((this.state as UpstreamState) !== "stopped") {
        this.state = "down";
        this.log.error(`failed to start: ${this.lastError}`);
        this.scheduleRestart();
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private describe(): string {
    const info = this.handshake?.serverInfo;
    const pid = this.pid === undefined ? "" : `, pid ${this.pid}`;
    return `${String(info?.["name"] ?? "?")} ${String(info?.["version"] ?? "")}, protocol ${this.handshake?.protocolVersion ?? "?"}${pid}`;
  }

  private async connect(): Promise<void> {
    const transport = createTransport(this.name, this.config, this.env);
    transport.onmessage = (message) => this.receive(message as unknown as RpcMessage);
    transport.onclose = () => this.closed(transport);
    transport.onerror = (err) => this.log.warn(errorText(err));
    this.transport = transport;
    await transport.start();
    const reply = await this.call("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      // No `roots`: a shared server would adopt one session's roots for every session.
      capabilities: { sampling: {}, elicitation: {} },
      clientInfo: { name: "mcpmux", version: VERSION },
    });
    if (reply.error !== undefined || reply.result === undefined) {
      throw new Error(`initialize failed: ${reply.error?.message ?? "no result"}`);
    }
    const result = reply.result;
    const handshake: ServerHandshake = {
      protocolVersion: String(result["protocolVersion"] ?? LATEST_PROTOCOL_VERSION),
      capabilities: (result["capabilities"] as JsonObject | undefined) ?? {},
      serverInfo: (result["serverInfo"] as JsonObject | undefined) ?? {},
    };
    if (typeof result["instructions"] === "string") handshake.instructions = result["instructions"];
    this.handshake = handshake;
    transport.setProtocolVersion?.(handshake.protocolVersion);
    await transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await this.refreshLists(LIST_KINDS);
  }

  /** Re-reads the given lists (all pages); a failed read keeps the old list. */
  async refreshLists(kinds: ListKind[]): Promise<ListKind[]> {
    const changed: ListKind[] = [];
    for (const kind of kinds) {
      const spec = LISTS[kind];
      if (this.handshake?.capabilities[spec.capability] === undefined) continue;
      try {
        this.catalog[kind] = await this.fetchAll(spec.method, spec.field);
        changed.push(kind);
      } catch (err) {
        this.log.warn(`${spec.method} failed: ${errorText(err)}`);
      }
    }
    return changed;
  }

  private async fetchAll(method: string, field: string): Promise<JsonObject[]> {
    const items: JsonObject[] = [];
    let cursor: unknown;
    for (let page = 0; page < MAX_UPSTREAM_PAGES; page++) {
      const reply = await this.call(method, cursor === undefined ? {} : { cursor });
      if (reply.error !== undefined) throw new Error(reply.error.message);
      const list = reply.result?.[field];
      if (Array.isArray(list)) items.push(...(list as JsonObject[]));
      cursor = reply.result?.["nextCursor"];
      if (typeof cursor !== "string" || cursor === "") return items;
    }
    throw new Error(`more than ${MAX_UPSTREAM_PAGES} pages`);
  }

  /** A proxy-internal request (handshake, lists, subscriptions, log level). */
  async call(method: string, params?: JsonObject): Promise<RpcResponse> {
    const outcome = await this.dispatch(method, params, undefined, this.startupTimeout);
    if (outcome === "cancelled") throw new Error(`${method} was cancelled`);
    return outcome;
  }

  /** A client's request, once the server is ready. Never rejects. */
  forward(method: string, params: JsonObject | undefined, origin: Origin): Forward {
    let cancelled = false;
    let upstreamId: number | undefined;
    const run = async (): Promise<Outcome> => {
      try {
        await this.ready();
      } catch (err) {
        return errorResponse(
          null,
          ErrorCode.UpstreamError,
          `server "${this.name}" is unavailable: ${errorText(err)}`,
        );
      }
      const release = await this.slots.acquire(this.requestTimeout);
      if (release === "timeout") {
        const why = `no free slot within ${this.requestTimeout} ms (maxConcurrency ${this.maxConcurrency})`;
        return errorResponse(
          null,
          ErrorCode.UpstreamError,
          `server "${this.name}" is busy: ${why}`,
        );
      }
      if (cancelled) {
        release();
        return "cancelled";
      }
      const outcome = this.dispatch(
        method,
        params,
        origin,
        this.requestTimeout,
        (id) => (upstreamId = id),
      );
      void outcome.finally(release);
      return outcome;
    };
    return {
      done: run(),
      cancel: (reason) => {
        cancelled = true;
        if (upstreamId !== undefined && this.pending.settle(upstreamId, "cancelled")) {
          const params: JsonObject =
            reason === undefined ? { requestId: upstreamId } : { requestId: upstreamId, reason };
          this.notify("notifications/cancelled", params);
        }
      },
    };
  }

  private dispatch(
    method: string,
    params: JsonObject | undefined,
    origin: Origin | undefined,
    timeoutMs: number,
    onId?: (id: number) => void,
  ): Promise<Outcome> {
    const transport = this.transport;
    if (transport === undefined) {
      return Promise.resolve(
        errorResponse(null, ErrorCode.UpstreamError, `server "${this.name}" is not connected`),
      );
    }
    const id = this.pending.allocateId();
    onId?.(id);
    const outParams =
      origin?.clientProgressToken === undefined ? params : withProgressToken(params, id);
    return new Promise<Outcome>((settle) => {
      this.pending.add({
        id,
        method,
        origin,
        timeoutMs,
        timer: undefined,
        settle,
        onTimeout: () => {
          const message = `server "${this.name}" did not answer ${method} within ${timeoutMs} ms`;
          if (this.pending.settle(id, errorResponse(null, REQUEST_TIMEOUT, message))) {
            this.notify("notifications/cancelled", {
              requestId: id,
              reason: "timed out in mcpmux",
            });
          }
        },
      });
      const message: RpcRequest =
        outParams === undefined
          ? { jsonrpc: "2.0", id, method }
          : { jsonrpc: "2.0", id, method, params: outParams };
      transport.send(message as never).catch((err: unknown) => {
        this.pending.settle(
          id,
          errorResponse(
            null,
            ErrorCode.UpstreamError,
            `could not send to server "${this.name}": ${errorText(err)}`,
          ),
        );
      });
    });
  }

  notify(method: string, params?: JsonObject): void {
    const message: RpcNotification =
      params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params };
    this.transport
      ?.send(message as never)
      .catch((err: unknown) => this.log.debug(`notify ${method}: ${errorText(err)}`));
  }

  private async ready(): Promise<void> {
    if (this.state === "ready") return;
    await this.start();
  }

  private receive(message: RpcMessage): void {
    if (isRequest(message)) void this.answerServerRequest(message);
    else if (isNotification(message)) this.onNotification(message);
    else if (typeof message.id === "number") this.pending.settle(message.id, message);
  }

  private onNotification(message: RpcNotification): void {
    const method = message.method;
    if (method === "notifications/progress") return this.routeProgress(message);
    if (method === "notifications/cancelled") {
      this.clientRequests.get(message.params?.["requestId"] as RequestId)?.abort();
      return;
    }
    const kinds = kindsChangedBy(method);
    if (kinds.length > 0) {
      void this.refreshLists(kinds).then(
        (changed) => changed.length > 0 && this.hooks.catalogChanged(this, changed),
      );
      return;
    }
    this.hooks.notification(this, message);
  }

  private routeProgress(message: RpcNotification): void {
    const token = message.params?.["progressToken"];
    const entry = typeof token === "number" ? this.pending.get(token) : undefined;
    const origin = entry?.origin;
    if (entry === undefined || origin?.clientProgressToken === undefined) return; // late or unknown: nobody to tell
    this.pending.touch(entry.id);
    const params = { ...message.params, progressToken: origin.clientProgressToken };
    origin.caller.notifyClient({ ...message, params }, origin.clientId);
  }

  /** Sampling, elicitation and roots go to the one session whose request caused them. */
  private async answerServerRequest(request: RpcRequest): Promise<void> {
    const reply = (response: RpcResponse): void => {
      this.transport?.send({ ...response, id: request.id } as never).catch(() => undefined);
    };
    if (request.method === "ping") return reply({ jsonrpc: "2.0", id: request.id, result: {} });
    if (!this.exclusive) {
      this.exclusive = true;
      this.log.info(
        "sends requests to clients: its calls are now dispatched one at a time for exact attribution",
      );
    }
    const origin = await this.attributeSoon();
    if (origin === undefined) {
      return reply(
        errorResponse(
          request.id,
          ErrorCode.InvalidRequest,
          `mcpmux cannot tell which client session ${request.method} is for: it is not tied to exactly one session's request in flight`,
        ),
      );
    }
    const capability = CLIENT_CAPABILITY_OF[request.method];
    if (capability !== undefined && !origin.caller.supports(capability)) {
      return reply(
        errorResponse(
          request.id,
          ErrorCode.MethodNotFound,
          `the client session did not declare the ${capability} capability, so ${request.method} cannot be sent to it`,
        ),
      );
    }
    const abort = new AbortController();
    this.clientRequests.set(request.id, abort);
    try {
      const answer = await origin.caller.requestClient(
        request.method,
        request.params,
        origin.clientId,
        abort.signal,
      );
      if (!abort.signal.aborted) reply(answer);
    } finally {
      this.clientRequests.delete(request.id);
    }
  }

  /**
   * The first server-to-client request may arrive while several sessions have
   * calls in flight (before calls were serialized): wait, within a bound, for
   * the others to finish until exactly one session remains.
   */
  private attributeSoon(): Promise<Origin | undefined> {
    const now = attribute(this.pending.callersInFlight());
    if (now !== undefined || this.pending.countFromClients() === 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (origin: Origin | undefined): void => {
        clearTimeout(timer);
        this.attributionWaiters.delete(check);
        resolve(origin);
      };
      const check = (): void => {
        const origin = attribute(this.pending.callersInFlight());
        if (origin !== undefined || this.pending.countFromClients() === 0) done(origin);
      };
      const timer = setTimeout(() => done(undefined), ATTRIBUTION_WAIT_MS);
      this.attributionWaiters.add(check);
    });
  }

  private closed(transport: UpstreamTransport): void {
    if (transport !== this.transport) return;
    this.transport = undefined;
    const wasReady = this.state === "ready";
    const reason = this.state === "stopped" ? "was stopped" : "exited";
    this.pending.settleAll(() =>
      errorResponse(
        null,
        ErrorCode.UpstreamError,
        `server "${this.name}" ${reason} while handling the request`,
      ),
    );
    if (!wasReady) return;
    this.state = "down";
    this.lastError = "exited unexpectedly";
    const uptime = Date.now() - (this.startedAt ?? Date.now());
    if (uptime > STABLE_UPTIME_MS) this.crashStreak = 0;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.state === "stopped" || this.restartTimer !== undefined) return;
    const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** this.crashStreak);
    this.crashStreak++;
    this.log.warn(`restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restarts++;
      this.start().catch(() => undefined);
    }, delay);
    this.restartTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const transport = this.transport;
    this.pending.settleAll(() =>
      errorResponse(null, ErrorCode.UpstreamError, `server "${this.name}" was stopped`),
    );
    await transport?.close().catch(() => undefined);
    this.transport = undefined;
  }
}

function withProgressToken(params: JsonObject | undefined, token: number): JsonObject {
  const meta = (params?.["_meta"] as JsonObject | undefined) ?? {};
  return { ...params, _meta: { ...meta, progressToken: token } };
}

/** The origin when every client request in flight belongs to one session, else undefined. */
function attribute(origins: Origin[]): Origin | undefined {
  const callers = new Set<Caller>(origins.map((o) => o.caller));
  return callers.size === 1 ? origins[origins.length - 1] : undefined;
}
