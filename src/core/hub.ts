/**
 * The hub owns the upstreams and the aggregated catalog, and knows every
 * client session. It is where shared state meets per-session state: list
 * changes fan out once to each session, resource subscriptions are counted
 * per upstream, and the shared upstream log level follows the most verbose
 * session.
 */
import type { Config, ServerConfig } from "../config/schema.ts";
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SEPARATOR,
  DEFAULT_STARTUP_TIMEOUT_MS,
} from "../config/schema.ts";
import { logger } from "../log.ts";
import { LISTS, type ListKind } from "../upstream/lists.ts";
import type { Upstream, UpstreamHooks } from "../upstream/upstream.ts";
import { Pool } from "../pool/pool.ts";
import { RouteTable } from "../routes/rules.ts";
import { Catalog } from "./catalog.ts";
import { atMost } from "../protocol/deadline.ts";
import { notification, type RpcNotification } from "../protocol/jsonrpc.ts";
import { levelRank, mostVerbose, type McpLogLevel } from "../protocol/log-levels.ts";
import type { Session } from "./session.ts";

const log = logger("hub");
const LIST_CHANGED_COALESCE_MS = 20;

export class Hub implements UpstreamHooks {
  readonly pools = new Map<string, Pool>();
  readonly sessions = new Set<Session>();
  catalog: Catalog;
  /** The config's routing rules; primed with each new catalog so calls resolve like lists. */
  readonly routes: RouteTable;
  readonly pageSize: number;
  private readonly separator: string;
  /** Per subscribed URI: the server it was subscribed on, and the sessions interested. */
  private readonly subscribers = new Map<string, { server: string; sessions: Set<Session> }>();
  private upstreamLogLevel: McpLogLevel | undefined;
  private firstStarts: Promise<void> = Promise.resolve();
  /** Set once every server's first start settled: calls then skip the wait (hot path). */
  private started = false;
  private readonly fingerprints = new Map<ListKind, string>();
  private readonly changedLists = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly config: Config,
    private readonly env: Record<string, string | undefined>,
  ) {
    this.separator = config.separator ?? DEFAULT_SEPARATOR;
    this.pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
    for (const [name, server] of Object.entries(config.servers)) {
      if (server.disabled === true) continue;
      this.pools.set(name, new Pool(name, server, this, env));
    }
    this.routes = new RouteTable(config.routes ?? []);
    this.catalog = this.buildCatalog();
  }

  /** Starts every server in parallel; a server that fails keeps retrying on its own. */
  start(): Promise<void> {
    const starts = [...this.pools.values()].map((p) => p.start().catch(() => undefined));
    this.firstStarts = Promise.all(starts).then(() => {
      this.started = true;
    });
    return this.firstStarts;
  }

  /** Lists wait for the first start of every server, but never longer than a startup timeout. */
  async listsReady(): Promise<void> {
    if (this.started) return;
    await atMost(this.firstStarts, this.maxStartupTimeout());
  }

  private maxStartupTimeout(): number {
    let max = DEFAULT_STARTUP_TIMEOUT_MS;
    for (const p of this.pools.values()) max = Math.max(max, p.config.startupTimeout ?? 0);
    return max;
  }

  async stop(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    await Promise.all([...this.pools.values()].map((p) => p.stop()));
  }

  private buildCatalog(): Catalog {
    const sources = [...this.pools.values()].map((p) => ({
      name: p.name,
      prefix: p.config.prefix === undefined ? p.name : p.config.prefix,
      ...p.catalog,
      offersResources: p.handshake?.capabilities["resources"] !== undefined,
    }));
    const catalog = new Catalog(sources, this.separator);
    this.routes.forList("tool", catalog.tools, undefined);
    this.routes.forList("prompt", catalog.prompts, undefined);
    this.routes.forList("resource", catalog.resources, undefined);
    for (const clash of catalog.clashes) {
      log.error(
        `${clash.kind} name "${clash.name}" is offered by both "${clash.kept}" and "${clash.dropped}"; only "${clash.kept}"'s is exposed (give one of them a prefix)`,
      );
    }
    return catalog;
  }

  /** Set by the daemon: what `mcpmux stop` does. */
  onStopRequested: (() => void) | undefined;

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

  /** Rebuilds the catalog; sessions hear once per list whose content really changed. */
  catalogChanged(upstream: Upstream, kinds: ListKind[]): void {
    if (this.pools.get(upstream.name)?.owns(upstream) !== true) return; // a pool being swapped in or out
    this.refreshCatalog(kinds);
  }

  private refreshCatalog(kinds: ListKind[]): void {
    this.catalog = this.buildCatalog();
    for (const kind of kinds) {
      const fingerprint = JSON.stringify(this.catalog[kind]);
      if (fingerprint === this.fingerprints.get(kind)) continue;
      this.fingerprints.set(kind, fingerprint);
      this.changedLists.add(LISTS[kind].changed);
    }
    // Servers often announce several changes in a burst: coalesce them.
    if (this.changedLists.size > 0 && this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        const methods = [...this.changedLists];
        this.changedLists.clear();
        for (const method of methods) this.broadcast(notification(method));
      }, LIST_CHANGED_COALESCE_MS);
    }
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
    this.catalogChanged(upstream, ["tools", "prompts", "resources", "resourceTemplates"]);
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

  private broadcast(message: RpcNotification): void {
    for (const session of this.sessions) if (session.initialized) session.notifyClient(message);
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
   * flips in one step; the old pool finishes its work (up to `deadlineMs`)
   * and stops. If the new pool cannot start, nothing changes and this throws.
   * Sessions' log levels and subscriptions were replayed to the new instances
   * as they became ready (the `ready` hook); affinity pins are made afresh on
   * the next call.
   */
  async swap(name: string, config: ServerConfig, deadlineMs = 30_000): Promise<void> {
    const next = new Pool(name, config, this, this.env);
    try {
      await next.startReady();
    } catch (err) {
      await next.stop();
      throw err;
    }
    const old = this.pools.get(name);
    this.pools.set(name, next);
    this.refreshCatalog(["tools", "prompts", "resources", "resourceTemplates"]);
    if (old !== undefined) await old.retire(deadlineMs);
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
