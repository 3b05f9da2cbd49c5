/**
 * One upstream connection: a server process or remote session that the proxy
 * talks to as an MCP client. It does its own handshake, keeps the server's
 * lists, forwards requests under fresh ids, and routes what comes back
 * (responses, progress, server-to-client requests) to the client session that
 * caused it. A crashed server is restarted with backoff.
 */
import { CLIENT_INFO_META_KEY } from "@modelcontextprotocol/server";
import type { ServerConfig } from "../config/schema.ts";
import {
  DEFAULT_HEALTH,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STARTUP_TIMEOUT_MS,
} from "../config/schema.ts";
import type { Origin } from "../protocol/caller.ts";
import { faultOf, faultResponse, type FaultKind } from "../protocol/fault.ts";
import { within } from "../protocol/deadline.ts";
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
import { errorText, logger, type Logger } from "../log.ts";
import { kindsChangedBy, LIST_KINDS, LISTS, type ListKind } from "./lists.ts";
import { Restarts } from "./restarts.ts";
import { routeProgress } from "./progress.ts";
import { startError } from "./start-error.ts";
import { withMeta, withParams, withProgressToken } from "./params.ts";
import { ClientRequestRelay } from "./client-requests.ts";
import { logToCaller, tagOf } from "./tagged.ts";
import { fetchAll, initialize, type ServerHandshake } from "./handshake.ts";
import { PendingTable, type Outcome } from "./pending.ts";
import { Slots } from "./slots.ts";
import { createTransport, type UpstreamTransport } from "./transport.ts";

export type { ServerHandshake } from "./handshake.ts";

export type UpstreamState = "idle" | "starting" | "ready" | "down" | "stopped";

export interface UpstreamHooks {
  catalogChanged(upstream: Upstream, kinds: ListKind[]): void;
  notification(upstream: Upstream, message: RpcNotification): void;
  ready(upstream: Upstream): void;
}

export interface Forward {
  done: Promise<Outcome>;
  cancel(reason?: string): void;
}

export class Upstream {
  state: UpstreamState = "idle";
  handshake: ServerHandshake | undefined;
  lastError: string | undefined;
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
  private readonly restartsOf = new Restarts();
  /** Set once the server has sent a server-to-client request: from then on,
   * client calls are dispatched one at a time so attribution stays exact. */
  private exclusive = false;
  /** The last stderr line of the process that just ended: often why it could not start. */
  private lastWords: string | undefined;
  /** A liveness ping is under way. */
  private probing = false;
  /** The transport a failed ping is closing, if any: not pinged again. */
  private replacing: UpstreamTransport | undefined;
  private readonly slots: Slots;
  private readonly clientRequests = new ClientRequestRelay(this.pending);
  private readonly log: Logger;

  /** When the last client call ended (the pool retires instances idle for long). */
  lastActive = Date.now();

  constructor(
    readonly name: string,
    public config: ServerConfig,
    private readonly hooks: UpstreamHooks,
    private readonly env: Record<string, string | undefined>,
    /** Tells instances of one server apart, e.g. "memory#2". */
    readonly id = name,
    /** Client calls in flight at once (the pool's `maxConcurrency`). */
    public maxConcurrency = 1,
  ) {
    this.log = logger(`server ${name}`);
    this.slots = new Slots(maxConcurrency);
  }

  /** New timeouts and concurrency for a running instance (a reload that changed only tuning). */
  reconfigure(config: ServerConfig, maxConcurrency: number): void {
    this.config = config;
    this.maxConcurrency = maxConcurrency;
    if (!this.exclusive) this.slots.setLimit(maxConcurrency);
  }

  get pid(): number | undefined {
    return this.transport?.pid;
  }

  /** Calls it takes at once (drops to 1 once it sends requests to clients). */
  get slotLimit(): number {
    return this.slots.limit;
  }

  private get requestTimeout(): number {
    return this.config.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  private get startupTimeout(): number {
    return this.config.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT_MS;
  }

  /** An error made by mcpmux about this instance, typed so health knows what it means. */
  private fault(kind: FaultKind, message: string): RpcResponse {
    return faultResponse({ kind, server: this.name, instance: this.id }, message);
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
    this.restartsOf.cancel();
    try {
      await within(
        this.connect(),
        this.startupTimeout,
        `no handshake within ${this.startupTimeout} ms`,
      );
      if (this.state !== "starting") throw new Error("stopped while starting");
      this.state = "ready";
      this.lastError = undefined;
      this.startedAt = Date.now();
      this.log.info(`ready (${this.describe()})`);
      this.hooks.ready(this);
    } catch (err) {
      this.lastError = startError(err, this.transport?.lastStderr ?? this.lastWords);
      const transport = this.transport;
      this.transport = undefined;
      await transport?.close().catch(() => undefined);
      if ((this.state as UpstreamState) !== "stopped") {
        this.state = "down";
        this.log.error(`failed to start: ${this.lastError}`);
        this.scheduleRestart(0);
      }
      throw err;
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
    const handshake = await initialize((method, params) => this.call(method, params));
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
        this.catalog[kind] = await fetchAll((m, p) => this.call(m, p), spec.method, spec.field);
        changed.push(kind);
      } catch (err) {
        this.log.warn(`${spec.method} failed: ${errorText(err)}`);
      }
    }
    return changed;
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
        return this.fault("unavailable", `server "${this.name}" is unavailable: ${errorText(err)}`);
      }
      const release = await this.slots.acquire(this.requestTimeout);
      if (release === "timeout") {
        const why = `no free slot within ${this.requestTimeout} ms (maxConcurrency ${this.maxConcurrency})`;
        return this.fault("busy", `server "${this.name}" is busy: ${why}`);
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
      void outcome.finally(() => {
        release();
        this.lastActive = Date.now();
      });
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
      return Promise.resolve(this.fault("transport", `server "${this.name}" is not connected`));
    }
    const id = this.pending.allocateId();
    onId?.(id);
    let outParams =
      origin?.clientProgressToken === undefined ? params : withProgressToken(params, id);
    // A plugin host is ours: tell it who is calling (the 2026-07-28 key), so `ctx.client` is right.
    if (origin !== undefined && this.config.plugin !== undefined)
      outParams = withMeta(outParams, CLIENT_INFO_META_KEY, origin.caller.clientInfo);
    return new Promise<Outcome>((settle) => {
      this.pending.add({
        id,
        method,
        origin,
        timeoutMs,
        settle,
        onTimeout: () => {
          const message = `server "${this.name}" did not answer ${method} within ${timeoutMs} ms`;
          if (this.pending.settle(id, this.fault("timeout", message))) {
            this.notify("notifications/cancelled", {
              requestId: id,
              reason: "timed out in mcpmux",
            });
            // A server that is merely slow still answers a ping; one stuck in a loop (or
            // frozen) does not and is replaced: one runaway handler costs one instance.
            if (origin !== undefined) void this.checkAlive("a call timed out");
          }
        },
      });
      const message: RpcRequest =
        outParams === undefined
          ? { jsonrpc: "2.0", id, method }
          : { jsonrpc: "2.0", id, method, params: outParams };
      transport.send(message as never).catch((err: unknown) => {
        const why = `could not send to server "${this.name}": ${errorText(err)}`;
        this.pending.settle(id, this.fault("transport", why));
      });
    });
  }

  /** How long a ping may take before this instance counts as hung (`health.timeout`). */
  private get pingTimeout(): number {
    return this.config.health?.timeout ?? DEFAULT_HEALTH.timeoutMs;
  }

  /**
   * Pings the server; false when it does not answer in time, in which case
   * it is replaced (its process stopped; the restart brings a new one).
   * Undefined when there was nothing to ask (not ready, or a ping already
   * under way).
   */
  async checkAlive(why: string): Promise<boolean | undefined> {
    const transport = this.transport;
    if (this.probing || this.state !== "ready" || transport === undefined) return undefined;
    // Being replaced already: a frozen process takes its stop grace periods to
    // go, and pinging it meanwhile would count the same failure again and
    // again, until the breaker shut out the instance that replaces it.
    if (transport === this.replacing) return undefined;
    this.probing = true;
    const outcome = await this.dispatch("ping", undefined, undefined, this.pingTimeout);
    this.probing = false;
    // Any answer proves it alive, an error too (a server that does not know `ping` still answers).
    if (outcome !== "cancelled" && faultOf(outcome) === undefined) return true;
    if (transport !== this.transport) return undefined; // restarted meanwhile
    this.lastError = `${why} and a ping got no answer within ${this.pingTimeout} ms: replaced`;
    this.log.warn(this.lastError);
    this.replacing = transport;
    void transport.close();
    return false;
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
    if (isRequest(message)) this.answerServerRequest(message);
    else if (isNotification(message)) this.onNotification(message);
    else if (typeof message.id === "number") this.pending.settle(message.id, message);
  }

  private onNotification(message: RpcNotification): void {
    const method = message.method;
    if (method === "notifications/progress") return routeProgress(this.pending, message);
    if (method === "notifications/cancelled") {
      this.clientRequests.cancel(message.params?.["requestId"] as RequestId);
      return;
    }
    const kinds = kindsChangedBy(method);
    if (kinds.length > 0) {
      void this.refreshLists(kinds).then(
        (changed) => changed.length > 0 && this.hooks.catalogChanged(this, changed),
      );
      return;
    }
    if (this.config.plugin !== undefined && method === "notifications/message") {
      const tag = tagOf(this.pending, message.params);
      const untagged = tag === undefined ? message : withParams(message, tag.params);
      if (tag?.origin !== undefined) return logToCaller(tag.origin, untagged);
      return this.hooks.notification(this, untagged);
    }
    this.hooks.notification(this, message);
  }

  /** Sampling, elicitation and roots go to the one session whose request caused them. */
  private answerServerRequest(request: RpcRequest): void {
    const reply = (response: RpcResponse): void => {
      this.transport?.send({ ...response, id: request.id } as never).catch(() => undefined);
    };
    if (request.method === "ping") return reply({ jsonrpc: "2.0", id: request.id, result: {} });
    // A plugin host says which call a request is for: exact, with any number of calls in flight.
    const tag = this.config.plugin === undefined ? undefined : tagOf(this.pending, request.params);
    if (tag !== undefined) {
      void this.clientRequests.relay(withParams(request, tag.params), reply, tag.origin ?? null);
      return;
    }
    if (!this.exclusive) {
      // From now on one call at a time, so the next such request is tied to exactly one session.
      this.exclusive = true;
      this.slots.setLimit(1);
      if (this.maxConcurrency > 1)
        this.log.info("sends requests to clients: its calls now go one at a time");
    }
    void this.clientRequests.relay(request, reply);
  }

  private closed(transport: UpstreamTransport): void {
    if (transport !== this.transport) return;
    this.transport = undefined;
    this.lastWords = transport.lastStderr;
    const wasReady = this.state === "ready";
    const stopped = this.state === "stopped";
    const message = `server "${this.name}" ${stopped ? "was stopped" : "exited"} while handling the request`;
    this.pending.settleAll(() => this.fault(stopped ? "stopped" : "crashed", message));
    if (!wasReady) return;
    this.state = "down";
    this.lastError = "exited unexpectedly";
    this.scheduleRestart(Date.now() - (this.startedAt ?? Date.now()));
  }

  /** `uptimeMs`: how long the last run was up (0 when it did not start). */
  private scheduleRestart(uptimeMs: number): void {
    if (this.state === "stopped") return;
    const delay = this.restartsOf.schedule(
      uptimeMs,
      () => void this.start().catch(() => undefined),
    );
    if (delay !== undefined) this.log.warn(`restarting in ${delay} ms`);
  }

  /** How often it was restarted (crashes, hangs, failed starts). */
  get restarts(): number {
    return this.restartsOf.count;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    this.restartsOf.cancel();
    const transport = this.transport;
    this.pending.settleAll(() => this.fault("stopped", `server "${this.name}" was stopped`));
    await transport?.close().catch(() => undefined);
    this.transport = undefined;
  }
}
