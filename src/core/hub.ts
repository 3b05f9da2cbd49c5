/**
 * The hub holds the running world (pools, routes, catalog: see world.ts)
 * and knows every client session. It is where shared state meets
 * per-session state: list changes fan out once to each session that can see
 * them, resource subscriptions are counted per upstream, and the shared
 * upstream log level follows the most verbose session. Reloads and swaps
 * replace the world in one step (`install`).
 */
import type { Config, ServerConfig } from "../config/schema.ts";
import { DEFAULT_LIST_WAIT_MS, DEFAULT_STARTUP_TIMEOUT_MS } from "../config/schema.ts";
import { errorText, logger } from "../log.ts";
import { LISTS, type ListKind } from "../upstream/lists.ts";
import type { Upstream, UpstreamHooks } from "../upstream/upstream.ts";
import { Pool } from "../pool/pool.ts";
import { systemClock } from "../pool/clock.ts";
import { MuxMetrics } from "../metrics/mux-metrics.ts";
import { atMost } from "../protocol/deadline.ts";
import { notification, type RpcNotification } from "../protocol/jsonrpc.ts";
import { levelRank, mostVerbose, type McpLogLevel } from "../protocol/log-levels.ts";
import type { Session } from "./session.ts";
import { buildWorld, withFreshCatalog, type World } from "./world.ts";

const log = logger("hub");
const LIST_CHANGED_COALESCE_MS = 20;
const ALL_LISTS: ListKind[] = ["tools", "prompts", "resources", "resourceTemplates"];
const RETIRE_DEADLINE_MS = 30_000;

/** What `mcpmux status` says about the config (kept by whoever loads it). */
export interface ConfigState {
  file: string;
  loadedAt: number;
  /** The last reload's outcome, or its error; undefined before the first reload. */
  lastReload?: { at: number; summary: string; error?: string };
  /** Plugins whose file on disk does not load (the last good version serves), by server. */
  brokenPlugins?: Record<string, string>;
}

/** Hooks that the daemon or the supervisor add (`mcpmux stop`, `mcpmux reload`). */
export interface Controls {
  stop?: () => void;
  reload?: () => Promise<{ ok: boolean; summary: string }>;
}

export class Hub implements UpstreamHooks {
  /** The running world; replaced whole, never changed in place. */
  world: World;
  readonly sessions = new Set<Session>();
  readonly controls: Controls = {};
  configState: ConfigState | undefined;
  /** This mux's metrics (its own registry): pools count calls into it, scrapes read the rest. */
  readonly metrics = new MuxMetrics();
  /** Per subscribed URI: the server it was subscribed on, and the sessions interested. */
  private readonly subscribers = new Map<string, { server: string; sessions: Set<Session> }>();
  private upstreamLogLevel: McpLogLevel | undefined;
  private firstStarts: Promise<void> = Promise.resolve();
  /** Set once every server's first start settled: calls then skip the wait (hot path). */
  private started = false;
  private readonly changedLists = new Set<ListKind>();
  /** Pools swapped or removed that still finish their calls; stopped with the hub. */
  private readonly retiring = new Set<Pool>();
  private stopped = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    config: Config,
    private readonly env: Record<string, string | undefined>,
  ) {
    const pools = new Map<string, Pool>();
    for (const [name, server] of Object.entries(config.servers)) {
      if (server.disabled === true) continue;
      pools.set(name, this.newPool(name, server));
    }
    this.world = buildWorld(1, config, pools);
  }

  get pools(): ReadonlyMap<string, Pool> {
    return this.world.pools;
  }

  /** A pool for `server` that reports to this hub; not started, not yet in the world. */
  newPool(name: string, server: ServerConfig): Pool {
    return new Pool(name, server, this, this.env, systemClock, this.metrics.calls);
  }

  /** Starts every server in parallel; a server that fails keeps retrying on its own. */
  start(): Promise<void> {
    const starts = [...this.pools.values()].map((p) => p.start().catch(() => undefined));
    this.firstStarts = Promise.all(starts).then(() => {
      this.started = true;
    });
    return this.firstStarts;
  }

  /**
   * Lists wait for servers still on their first start only briefly
   * (`listWait`): a slow server must not make the whole mux look broken. What
   * it offers is announced with list_changed when it is up.
   */
  async listsReady(): Promise<void> {
    if (this.started) return;
    await atMost(this.firstStarts, this.world.config.listWait ?? DEFAULT_LIST_WAIT_MS);
  }

  /** A call to a name no ready server offers may be for one still starting: wait for it (bounded). */
  async allStarted(): Promise<void> {
    if (this.started) return;
    await atMost(this.firstStarts, this.maxStartupTimeout());
  }

  get firstStartsDone(): boolean {
    return this.started;
  }

  private maxStartupTimeout(): number {
    let max = DEFAULT_STARTUP_TIMEOUT_MS;
    for (const p of this.pools.values()) max = Math.max(max, p.config.startupTimeout ?? 0);
    return max;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    const all = [...this.pools.values(), ...this.retiring];
    await Promise.all(all.map((p) => p.stop()));
  }

  /**
   * Makes `config` over `pools` the running world in one step. Pools of the
   * old world that are not in the new one take no new work, finish what they
   * have (up to a deadline) and stop; sessions hear of every list that
   * changed for them.
   */
  install(
    config: Config,
    pools: ReadonlyMap<string, Pool>,
    bumpGeneration = true,
    deadlineMs = RETIRE_DEADLINE_MS,
  ): Promise<void> {
    const old = this.world;
    if (this.stopped) {
      // A reload that finished while mcpmux stops: its new pools must not outlive it.
      const known = new Set(old.pools.values());
      return Promise.all(
        [...pools.values()].filter((p) => !known.has(p)).map((p) => p.stop()),
      ).then(() => undefined);
    }
    this.world = buildWorld(old.generation + (bumpGeneration ? 1 : 0), config, pools);
    this.logClashes();
    this.listsChanged(ALL_LISTS);
    const kept = new Set(pools.values());
    const leaving = [...old.pools.values()].filter((p) => !kept.has(p));
    for (const pool of leaving) this.retiring.add(pool);
    return Promise.all(
      leaving.map((p) => p.retire(deadlineMs).finally(() => this.retiring.delete(p))),
    ).then(() => undefined);
  }

  private logClashes(): void {
    for (const clash of this.world.catalog.clashes) {
      log.error(
        `${clash.kind} name "${clash.name}" is offered by both "${clash.kept}" and "${clash.dropped}"; only "${clash.kept}"'s is exposed (give one of them a prefix)`,
      );
    }
  }

  /** Told whenever a session comes or goes (the daemon's idle timer listens). */
  sessionsChanged: (() => void) | undefined;

  addSession(session: Session): void {
    this.sessions.add(session);
    this.sessionsChanged?.();
  }

  removeSession(session: Session): void {
    this.sessions.delete(session);
    this.sessionsChanged?.();
    for (const pool of this.pools.values()) pool.releaseSession(session.id);
    for (const uri of [...session.subscriptions]) void this.unsubscribe(session, uri);
    this.updateLogLevel();
  }

  // --- upstream hooks -------------------------------------------------------

  /** Rebuilds the catalog; sessions hear once per list whose content really changed for them. */
  catalogChanged(upstream: Upstream, kinds: ListKind[]): void {
    if (this.pools.get(upstream.name)?.owns(upstream) !== true) return; // a pool being swapped in or out
    this.world = withFreshCatalog(this.world);
    this.logClashes();
    this.listsChanged(kinds);
  }

  /** Servers often announce several changes in a burst, and a reload touches many: coalesce. */
  private listsChanged(kinds: ListKind[]): void {
    for (const kind of kinds) this.changedLists.add(kind);
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const changed = [...this.changedLists];
      this.changedLists.clear();
      for (const session of this.sessions) {
        if (!session.initialized) continue;
        for (const kind of changed) this.tellIfChanged(session, kind);
      }
    }, LIST_CHANGED_COALESCE_MS);
  }

  /**
   * A session hears `list_changed` only when the list as it saw it (routing
   * rules applied) differs now; one that never asked for a list has nothing
   * stale and is not told.
   */
  private tellIfChanged(session: Session, kind: ListKind): void {
    const method = LISTS[kind].changed;
    const shown = session.shownLists.get(kind);
    if (shown === undefined) return;
    const fingerprint = JSON.stringify(this.visibleList(kind, session));
    if (shown === fingerprint) return;
    session.shownLists.set(kind, fingerprint);
    session.notifyClient(notification(method));
  }

  /** A list as this session's client sees it (hidden items gone, renamed ones renamed). */
  visibleList(kind: ListKind, session: Session, world: World = this.world): readonly object[] {
    const all = world.catalog[kind];
    const name = session.clientInfo["name"];
    const client = typeof name === "string" ? name : undefined;
    if (kind === "resourceTemplates") return all;
    const routeKind = kind === "tools" ? "tool" : kind === "prompts" ? "prompt" : "resource";
    return world.routes.forList(routeKind, all, client);
  }

  ready(upstream: Upstream): void {
    // A (re)started server must see what its sessions asked of the old one.
    if (
      this.upstreamLogLevel !== undefined &&
      upstream.handshake?.capabilities["logging"] !== undefined
    ) {
      void upstream
        .call("logging/setLevel", { level: this.upstreamLogLevel })
        .catch(() => undefined);
    }
    for (const [uri, { server }] of this.subscribers) {
      if (server === upstream.name) {
        void upstream.call("resources/subscribe", { uri }).catch(() => undefined);
      }
    }
    // Its lists may differ from before (or be new): rebuild, and tell the sessions.
    this.catalogChanged(upstream, ALL_LISTS);
  }

  notification(upstream: Upstream, message: RpcNotification): void {
    if (message.method === "notifications/resources/updated") {
      // A pool being swapped out no longer speaks for its resources.
      if (this.pools.get(upstream.name)?.owns(upstream) !== true) return;
      const uri = message.params?.["uri"];
      for (const session of this.subscribers.get(String(uri))?.sessions ?? []) {
        session.notifyClient(message);
      }
      return;
    }
    if (message.method === "notifications/message") {
      const rank = levelRank(message.params?.["level"]);
      for (const session of this.sessions) {
        if (session.logLevel === undefined || rank >= levelRank(session.logLevel))
          session.notifyClient(message);
      }
      return;
    }
    log.debug(`dropped ${message.method} from "${upstream.name}": not tied to a session`);
  }

  // --- per-session state shared upstream -----------------------------------

  /** Subscribes upstream only for the first session interested in a URI. */
  async subscribe(session: Session, uri: string, pool: Pool): Promise<void> {
    let entry = this.subscribers.get(uri);
    if (entry === undefined) {
      entry = { server: pool.name, sessions: new Set() };
      this.subscribers.set(uri, entry);
    }
    const { sessions } = entry;
    const first = sessions.size === 0;
    sessions.add(session);
    session.subscriptions.add(uri);
    if (first) {
      const reply = await pool.callAll("resources/subscribe", { uri });
      if (reply.error !== undefined) {
        sessions.delete(session);
        session.subscriptions.delete(uri);
        if (sessions.size === 0) this.subscribers.delete(uri);
        throw Object.assign(new Error(reply.error.message), { rpc: reply.error });
      }
    }
  }

  /** Unsubscribes upstream, on the server it was subscribed on, when the last interested session leaves. */
  async unsubscribe(session: Session, uri: string): Promise<void> {
    session.subscriptions.delete(uri);
    const entry = this.subscribers.get(uri);
    if (entry === undefined || !entry.sessions.delete(session) || entry.sessions.size > 0) return;
    this.subscribers.delete(uri);
    await this.pools.get(entry.server)?.callAll("resources/unsubscribe", { uri });
  }

  /** The shared upstreams run at the most verbose level any session asked for. */
  updateLogLevel(): void {
    const level = mostVerbose([...this.sessions].map((s) => s.logLevel));
    if (level === undefined || level === this.upstreamLogLevel) return;
    this.upstreamLogLevel = level;
    for (const pool of this.pools.values()) {
      if (pool.handshake?.capabilities["logging"] !== undefined) {
        void pool.callAll("logging/setLevel", { level }).catch(() => undefined);
      }
    }
  }

  /**
   * Replaces a server's pool with one built from `config`: the new instances
   * start and finish their handshake and first lists first; then routing
   * flips in one step, and this resolves; the old pool finishes its work (up
   * to `deadlineMs`) and stops in the background. If the new pool cannot
   * start, nothing changes and this throws.
   * Sessions' log levels and subscriptions were replayed to the new instances
   * as they became ready (the `ready` hook); affinity pins are made afresh on
   * the next call.
   */
  async swap(name: string, config: ServerConfig, deadlineMs = RETIRE_DEADLINE_MS): Promise<void> {
    const next = await this.startPool(name, config);
    const pools = new Map(this.pools);
    pools.set(name, next);
    const servers = { ...this.world.config.servers, [name]: config };
    this.install({ ...this.world.config, servers }, pools, false, deadlineMs).catch(
      (err: unknown) => log.warn(`the old "${name}" did not stop cleanly: ${errorText(err)}`),
    );
  }

  /** A new pool for `name`, started until an instance is ready; throws (and stops it) if none starts. */
  async startPool(name: string, config: ServerConfig): Promise<Pool> {
    const next = this.newPool(name, config);
    try {
      await next.startReady();
      if (this.stopped) throw new Error("mcpmux is stopping");
    } catch (err) {
      await next.stop();
      throw err;
    }
    return next;
  }

  instructions(): string | undefined {
    const parts: string[] = [];
    for (const pool of this.pools.values()) {
      const text = pool.handshake?.instructions;
      if (text !== undefined && text.trim() !== "") parts.push(`## ${pool.name}\n${text.trim()}`);
    }
    return parts.length === 0 ? undefined : parts.join("\n\n");
  }
}
