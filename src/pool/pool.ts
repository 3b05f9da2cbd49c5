/**
 * The instances of one server, and who gets which. Each client call goes to
 * an instance with a free slot, chosen by the server's strategy and sharing
 * policy; when all are busy the call waits in one bounded queue while a new
 * instance starts (up to `pool.max`), and gets a clear error at once when the
 * queue is full or its wait times out. Idle instances above `pool.min` are
 * retired. A pool can be retired as a whole (the swap primitive).
 */
import type { ServerConfig, SharePolicy, Strategy } from "../config/schema.ts";
import { DEFAULT_HEALTH, DEFAULT_POOL } from "../config/schema.ts";
import type { Origin } from "../protocol/caller.ts";
import {
  ErrorCode,
  errorResponse,
  type JsonObject,
  type RpcNotification,
  type RpcResponse,
} from "../protocol/jsonrpc.ts";
import { createBalancer, type Balancer } from "../balance/strategies.ts";
import type { InstanceSnapshot } from "../balance/snapshot.ts";
import { logger, type Logger } from "../log.ts";
import type { ListKind } from "../upstream/lists.ts";
import type { Outcome } from "../upstream/pending.ts";
import {
  Upstream,
  type Forward,
  type ServerHandshake,
  type UpstreamHooks,
} from "../upstream/upstream.ts";
import {
  endpointsOf,
  pickEndpoint,
  poolLimits,
  type Endpoint,
  type PoolLimits,
} from "./endpoints.ts";
import { PoolHealth } from "./health.ts";
import { HealthChecks } from "./health-checks.ts";
import type { BreakerOptions } from "../balance/breaker.ts";
import { faultResponse } from "../protocol/fault.ts";
import { mergeCatalogs } from "./merge-catalogs.ts";
import { Admission, type Waiter } from "./admission.ts";
import { Placement } from "./placement.ts";
import { instancesToStart, recheckInMs, type ScaleSnapshot } from "./autoscale.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { CallMetrics } from "../metrics/call-metrics.ts";
import { outcomeOf } from "../metrics/outcome.ts";

/** A queued call: besides being dispatched or refused, it may be cancelled or outlive its pool. */
interface PoolWaiter extends Waiter {
  /** When the call arrived (the autoscaler weighs how long calls wait). */
  since: number;
  cancelled(): void;
  stopped(outcome: RpcResponse): void;
}

const IDLE_CHECK_MS = 5000;
const RETIRE_POLL_MS = 50;

/** Calls measured before the recent p99 is trusted as "what calls here can take". */
const TAIL_SAMPLES = 20;

export class Pool {
  readonly instances: Upstream[] = [];
  limits: PoolLimits;
  strategy: Strategy;
  readonly share: SharePolicy;
  private readonly endpoints: Endpoint[];
  private readonly endpointOf = new Map<string, Endpoint>();
  readonly health: PoolHealth;
  private balancer: Balancer;
  private readonly placement: Placement<Upstream>;
  private readonly waiting: Admission<PoolWaiter>;
  /** Calls handed to each instance and not yet done, counted the moment they are handed over. */
  private readonly assigned = new Map<Upstream, number>();
  private readonly instanceHooks: UpstreamHooks;
  private readonly log: Logger;
  private nextId = 1;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  private readonly checks: HealthChecks;
  /** When each call in flight was handed to an instance (the autoscaler's lower bound on a call's duration). */
  private readonly running = new Set<{ sent: number }>();
  /** How long this server takes to start, measured (the price of a new instance). */
  private startMs: number = DEFAULT_POOL.startGuessMs;
  private readonly spawnedAt = new Map<Upstream, number>();
  private recheck: { cancel(): void } | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    public config: ServerConfig,
    hooks: UpstreamHooks,
    private readonly env: Record<string, string | undefined>,
    private readonly clock: Clock = systemClock,
    /** Where calls are counted and timed (the mux's metrics); none in unit tests. */
    private readonly metrics?: CallMetrics,
  ) {
    this.limits = poolLimits(config);
    this.health = new PoolHealth(breakerOptions(config));
    this.checks = new HealthChecks(
      () => this.instances,
      (u) => this.inFlightOf(u) > 0,
      this.health,
    );
    this.strategy =
      config.strategy ?? (config.variants === undefined ? "least-connections" : "capability");
    this.share = config.share ?? "shared";
    this.placement = new Placement<Upstream>(this.share, {
      all: () => this.instances,
      available: () => this.available(this.clock.now()),
      free: (u) => this.free(u),
      snapshot: (u) => this.snapshot(u),
      spawn: () => (this.instances.length < this.limits.max ? this.spawn() : undefined),
      spares: () => Math.max(this.limits.min, 1),
    });
    this.endpoints = endpointsOf(config);
    this.waiting = new Admission<PoolWaiter>(
      this.limits.queueMax,
      this.limits.queueTimeoutMs,
      clock,
    );
    this.balancer = this.newBalancer();
    this.log = logger(`server ${name}`);
    this.instanceHooks = {
      catalogChanged: (u, kinds) => hooks.catalogChanged(u, kinds),
      notification: (u, message: RpcNotification) => hooks.notification(u, message),
      ready: (u) => {
        const spawned = this.spawnedAt.get(u);
        if (spawned !== undefined) this.startMs = this.clock.now() - spawned;
        this.spawnedAt.delete(u);
        hooks.ready(u);
        this.drain();
      },
    };
  }

  private newBalancer(): Balancer {
    return createBalancer(this.strategy, {
      now: () => this.clock.now(),
      random: Math.random,
      latency: this.health.latency,
      ejection: this.health.ejection,
    });
  }

  /** Starts the first instances (one per variant, at least `min`); resolves when they have tried. */
  start(): Promise<void> {
    const first = Math.max(this.limits.min, this.endpoints.length, 1);
    const starts = Array.from({ length: Math.min(first, this.limits.max) }, () =>
      this.spawn()
        .start()
        .catch(() => undefined),
    );
    this.armIdleCheck();
    this.checks.arm(this.config.health?.interval ?? DEFAULT_HEALTH.intervalMs);
    return Promise.all(starts).then(() => undefined);
  }

  private armIdleCheck(): void {
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    this.idleTimer = setInterval(
      () => this.retireIdle(),
      Math.min(IDLE_CHECK_MS, Math.max(this.limits.idleTimeoutMs, 100)),
    );
    this.idleTimer.unref?.();
  }

  /**
   * Applies a config whose difference is tuning only (pool sizes, queue,
   * strategy, weights, timeouts) to the running pool: no instance is
   * replaced, calls in flight are untouched, waiting calls see the new limits.
   */
  reconfigure(config: ServerConfig): void {
    this.config = config;
    this.limits = poolLimits(config);
    this.waiting.resize(this.limits.queueMax, this.limits.queueTimeoutMs);
    const strategy =
      config.strategy ?? (config.variants === undefined ? "least-connections" : "capability");
    if (strategy !== this.strategy) {
      this.strategy = strategy;
      this.balancer = this.newBalancer();
    }
    endpointsOf(config).forEach((next, i) => {
      const endpoint = this.endpoints[i];
      if (endpoint === undefined) return;
      endpoint.weight = next.weight;
      endpoint.config = next.config;
    });
    for (const u of this.instances) {
      const endpoint = this.endpointOf.get(u.id);
      if (endpoint !== undefined) u.reconfigure(endpoint.config, this.limits.maxConcurrency);
    }
    this.health.setBreakerOptions(breakerOptions(config));
    if (!this.stopped) {
      this.armIdleCheck();
      this.checks.arm(config.health?.interval ?? DEFAULT_HEALTH.intervalMs);
    }
    this.drain();
    if (this.waiting.length > 0) this.grow(undefined);
  }

  /** Resolves once an instance is ready; rejects when none could start (the swap waits on it). */
  async startReady(): Promise<void> {
    await this.start();
    if (this.ready().length === 0) {
      throw new Error(
        this.instances.map((u) => u.lastError).find((e) => e !== undefined) ??
          "no instance started",
      );
    }
  }

  /**
   * Why this server cannot take calls, when no instance is ready and one has
   * failed: what a call to one of its names is told instead of "unknown
   * tool". Undefined while an instance is ready or still on its first start.
   */
  get downReason(): string | undefined {
    if (this.instances.some((u) => u.state === "ready")) return undefined;
    return this.instances.map((u) => u.lastError).find((e) => e !== undefined);
  }

  owns(upstream: Upstream): boolean {
    return this.instances.includes(upstream);
  }

  private ready(): Upstream[] {
    return this.instances.filter((u) => u.state === "ready");
  }

  /** Ready instances whose circuit lets a call through now. */
  private available(now: number): Upstream[] {
    return this.ready().filter((u) => this.health.breaker(u.id).allows(now));
  }

  /**
   * Every instance is ready but failing (its circuit open), and none is on
   * its way: waiting would only time out, so a call gets an error at once
   * saying when the server will be tried again.
   */
  private circuitOpen(now: number): RpcResponse | undefined {
    if (this.share === "session" || this.instances.length === 0) return undefined;
    if (this.instances.some((u) => u.state !== "ready")) return undefined;
    const breakers = this.instances.map((u) => this.health.breaker(u.id));
    if (breakers.some((b) => b.state(now) !== "open")) return undefined;
    const retryAt = Math.min(...breakers.map((b) => b.retryAt ?? now));
    const last = breakers.map((b) => b.lastFailure).find((f) => f !== undefined);
    return faultResponse(
      { kind: "circuit-open", server: this.name },
      `server "${this.name}" is failing (its last error: ${last?.reason ?? "unknown"}); it is tried again in ${Math.ceil((retryAt - now) / 1000)} s`,
    );
  }

  get handshake(): ServerHandshake | undefined {
    return (this.ready()[0] ?? this.instances[0])?.handshake;
  }

  /**
   * What the server offers: the union of every ready instance's lists (a
   * server that adds a tool at run time does it on one instance), and for a
   * variant with none ready yet, any instance of it.
   */
  get catalog(): Record<ListKind, JsonObject[]> {
    return mergeCatalogs(this.listers().map((u) => u.catalog));
  }

  private listers(): Upstream[] {
    const ready = this.ready();
    const variants = new Set(ready.map((u) => this.endpointOf.get(u.id)?.variant ?? 0));
    const waiting = this.instances.filter((u) => {
      const variant = this.endpointOf.get(u.id)?.variant ?? 0;
      if (variants.has(variant)) return false;
      variants.add(variant);
      return true;
    });
    return [...ready, ...waiting];
  }

  private spawn(target?: string): Upstream {
    const endpoint = this.nextEndpoint(target);
    const instance = new Upstream(
      this.name,
      endpoint.config,
      this.instanceHooks,
      this.env,
      `${this.name}#${this.nextId++}`,
      this.limits.maxConcurrency,
    );
    this.endpointOf.set(instance.id, endpoint);
    this.instances.push(instance);
    this.spawnedAt.set(instance, this.clock.now());
    void instance.start().then(
      () => this.drain(),
      () => this.drain(),
    );
    return instance;
  }

  private nextEndpoint(target?: string): Endpoint {
    const on = (e: Endpoint) => this.instances.filter((u) => this.endpointOf.get(u.id) === e);
    return pickEndpoint(
      this.endpoints,
      (e) => on(e).length,
      (e) => target !== undefined && on(e).some((u) => offers(u, target)),
    );
  }

  /** Client calls handed to this instance and not yet done: the one count status and placement use. */
  inFlightOf(u: Upstream): number {
    return this.assigned.get(u) ?? 0;
  }

  private free(u: Upstream): number {
    return u.state === "ready" ? Math.max(0, u.slotLimit - this.inFlightOf(u)) : 0;
  }

  private snapshot(u: Upstream): InstanceSnapshot {
    return {
      id: u.id,
      inFlight: this.inFlightOf(u),
      limit: u.slotLimit,
      weight: this.endpointOf.get(u.id)?.weight ?? 1,
      ready: u.state === "ready",
      offers: (name) => offers(u, name),
    };
  }

  /** The instance this call may go to right now, or undefined if it must wait. */
  private choose(sessionId: string, target: string | undefined): Upstream | undefined {
    return this.placement.choose(sessionId, target, this.balancer);
  }

  /** A client call: dispatched now, or queued (bounded) while capacity grows. Never rejects. */
  forward(
    method: string,
    params: JsonObject | undefined,
    origin: Origin,
    sessionId: string,
    target?: string,
  ): Forward {
    let inner: Forward | undefined;
    let waiter: PoolWaiter | undefined;
    let cancelled = false;
    // Tools by name; prompts and resources by method (a URI per series would grow without bound).
    const label = method === "tools/call" ? (target ?? method) : method;
    const done = new Promise<Outcome>((resolve) => {
      const dispatch = (): boolean => {
        if (cancelled) return true;
        const instance = this.choose(sessionId, target);
        if (instance === undefined) return false;
        this.assigned.set(instance, this.inFlightOf(instance) + 1);
        const sent = this.clock.now();
        this.metrics?.waited(this.name, waiter === undefined ? 0 : sent - waiter.since);
        const running = { sent };
        this.running.add(running);
        this.health.breaker(instance.id).dispatched(sent);
        inner = instance.forward(method, params, origin);
        void inner.done.then((outcome) => {
          this.assigned.set(instance, this.inFlightOf(instance) - 1);
          this.running.delete(running);
          const now = this.clock.now();
          if (this.health.observe(instance.id, target ?? "", outcome, now - sent, now))
            this.circuitOpened(instance);
          this.metrics?.completed(this.name, label, outcomeOf(outcome), now - sent);
          resolve(outcome);
          this.drain();
        });
        return true;
      };
      if (this.stopped) {
        return resolve(
          faultResponse({ kind: "stopped", server: this.name }, `server "${this.name}" is stopped`),
        );
      }
      if (dispatch()) return;
      const open = this.circuitOpen(this.clock.now());
      if (open !== undefined) return resolve(open);
      waiter = {
        since: this.clock.now(),
        attempt: dispatch,
        fail: (why) => resolve(busy(this.name, this.whyBusy(why))),
        cancelled: () => resolve("cancelled"),
        stopped: (outcome) => resolve(outcome),
      };
      if (this.waiting.enqueue(waiter)) this.grow(target);
    });
    // Calls that never reached an instance (stopped, circuit open, queue full or timed out) count too.
    if (this.metrics !== undefined) {
      const metrics = this.metrics;
      void done.then((outcome) => {
        if (inner === undefined) metrics.refused(this.name, label, outcomeOf(outcome));
      });
    }
    return {
      done,
      cancel: (reason) => {
        cancelled = true;
        if (inner !== undefined) inner.cancel(reason);
        else if (waiter !== undefined && this.waiting.withdraw(waiter)) waiter.cancelled();
      },
    };
  }

  private whyBusy(why: "full" | "expired"): string {
    return why === "full"
      ? `every instance is busy and the queue is full (queue.max ${this.limits.queueMax})`
      : `no instance was free within ${this.limits.queueTimeoutMs} ms (queue.timeout)`;
  }

  /** A circuit just opened: calls waiting in the queue get another chance when it may let a probe through. */
  private circuitOpened(instance: Upstream): void {
    const breaker = this.health.breaker(instance.id);
    this.log.warn(
      `${instance.id} is failing (${breaker.lastFailure?.reason ?? "?"}): no calls until ${new Date(breaker.retryAt ?? this.clock.now()).toISOString()}`,
    );
    const wait = Math.max(0, (breaker.retryAt ?? this.clock.now()) - this.clock.now());
    this.clock.after(wait + 1, () => this.drain());
  }

  /**
   * Starts instances for waiting calls when waiting costs more than a start
   * (see autoscale.ts); otherwise looks again shortly, while calls wait.
   */
  private grow(target: string | undefined): void {
    if (this.share === "session" || this.stopped) return; // a session's own instance, or a spare, is all it may use
    this.recheck?.cancel();
    this.recheck = undefined;
    const waiters = this.waiting.waiters();
    if (waiters.length === 0) return;
    const now = this.clock.now();
    const ready = this.available(now);
    const oldest = Math.min(now, ...[...this.running].map((r) => r.sent));
    const snapshot: ScaleSnapshot = {
      now,
      waitingSince: waiters.map((w) => w.since),
      instances: this.instances.length,
      starting: this.instances.filter((u) => u.state === "idle" || u.state === "starting").length,
      max: this.limits.max,
      slots: ready.reduce((sum, u) => sum + u.slotLimit, 0),
      serviceMs: this.health.window.percentile(50),
      // A p99 of a few calls is their maximum: one slow call would hide a change for long.
      tailMs:
        this.health.window.count >= TAIL_SAMPLES ? this.health.window.percentile(99) : undefined,
      oldestInFlightMs: now - oldest,
      startMs: this.startMs,
      scaleUpAfterMs: this.limits.scaleUpAfterMs,
    };
    const wanted = instancesToStart(snapshot);
    for (let i = 0; i < wanted; i++) this.spawn(target);
    if (wanted === 0 && this.instances.length < this.limits.max) {
      const delay = recheckInMs(snapshot);
      this.recheck = this.clock.after(delay, () => this.grow(target));
    }
  }

  /** Hands queued calls, oldest first, to instances that can take them. */
  private drain(): void {
    this.waiting.drain();
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Retires idle instances above `min` that no session owns. */
  private retireIdle(): void {
    if (this.share === "session") return;
    const now = this.clock.now();
    for (const u of [...this.instances]) {
      if (this.instances.length <= Math.max(this.limits.min, this.endpoints.length)) return;
      if (
        this.inFlightOf(u) > 0 ||
        now - u.lastActive < this.limits.idleTimeoutMs ||
        this.waiting.length > 0
      )
        continue;
      this.log.info(`retiring idle instance ${u.id}`);
      void this.remove(u);
    }
  }

  private async remove(u: Upstream): Promise<void> {
    const index = this.instances.indexOf(u);
    if (index !== -1) this.instances.splice(index, 1);
    this.placement.forget(u);
    this.assigned.delete(u);
    this.endpointOf.delete(u.id);
    this.spawnedAt.delete(u);
    this.health.forget(u.id);
    await u.stop();
  }

  /** A session ended: its pin goes, and under `share: "session"` so does its instance. */
  releaseSession(sessionId: string): void {
    const own = this.placement.release(sessionId);
    if (own !== undefined) void this.remove(own);
  }

  /** A proxy-internal request on every ready instance (log level, subscriptions); the first answer. */
  async callAll(method: string, params?: JsonObject): Promise<RpcResponse> {
    const targets = this.ready();
    if (targets.length === 0)
      return errorResponse(
        null,
        ErrorCode.UpstreamError,
        `server "${this.name}" has no instance ready`,
      );
    const replies = await Promise.all(
      targets.map((u) =>
        u
          .call(method, params)
          .catch((err: Error) => errorResponse(null, ErrorCode.UpstreamError, err.message)),
      ),
    );
    return replies.find((r) => r.error === undefined) ?? (replies[0] as RpcResponse);
  }

  /** Swap support: takes no new work, lets queued and in-flight calls finish (up to `deadlineMs`), then stops. */
  async retire(deadlineMs: number): Promise<void> {
    const deadline = this.clock.now() + deadlineMs;
    while (
      this.clock.now() < deadline &&
      (this.waiting.length > 0 || this.instances.some((u) => this.inFlightOf(u) > 0))
    ) {
      await new Promise((r) => setTimeout(r, RETIRE_POLL_MS));
    }
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.checks.stop();
    this.recheck?.cancel();
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    const stopped = faultResponse(
      { kind: "stopped", server: this.name },
      `server "${this.name}" was stopped`,
    );
    for (const waiter of this.waiting.clear()) waiter.stopped(stopped);
    await Promise.all(this.instances.map((u) => u.stop()));
  }
}

function offers(u: Upstream, name: string): boolean {
  return (
    u.catalog.tools.some((t) => t["name"] === name) ||
    u.catalog.prompts.some((p) => p["name"] === name)
  );
}

function busy(server: string, why: string): RpcResponse {
  return faultResponse({ kind: "busy", server }, `server "${server}" is busy: ${why}`);
}

function breakerOptions(config: ServerConfig): BreakerOptions {
  return {
    failures: config.health?.failures ?? DEFAULT_HEALTH.failures,
    cooldownMs: config.health?.cooldown ?? DEFAULT_HEALTH.cooldownMs,
    maxCooldownMs: Math.max(config.health?.cooldown ?? 0, DEFAULT_HEALTH.maxCooldownMs),
  };
}
