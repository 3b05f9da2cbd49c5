/**
 * Keeps the running world in step with `mcp.config.ts` and the plugin files
 * it names. A reload loads the config afresh, diffs it server by server,
 * starts what must be new, flips the hub's world once, and drains what is
 * old; a plugin edit swaps that plugin's pool to the new code. Anything that
 * does not load changes nothing: the last good state keeps serving and the
 * error stays visible in `mcpmux status` until a good edit arrives. One
 * change is applied at a time, in order.
 */
import type { Config, ServerConfig } from "../config/schema.ts";
import { loadConfigFresh } from "../config/load-fresh.ts";
import type { Hub } from "../core/hub.ts";
import type { World } from "../core/world.ts";
import { errorText, logger } from "../log.ts";
import type { Pool } from "../pool/pool.ts";
import { watchFiles, type FileWatch } from "../runtime/watch-files.ts";
import { ConfigError } from "../validation/problems.ts";
import { describeDiff, diffConfigs, isEmpty, type ConfigDiff } from "./diff.ts";
import { localImports } from "./local-imports.ts";

const log = logger("reload");

export interface ReloadOutcome {
  ok: boolean;
  summary: string;
}

export interface SupervisorOptions {
  /** Loads the config again; by default a fresh evaluation of `file`. */
  load?: () => Promise<Config>;
  /** Watch the config, its local imports and plugin files (off for tests that reload by hand). */
  watch?: boolean;
  /** Watch the config file itself (off for `mcpmux dev`, whose config is made in memory). */
  watchConfig?: boolean;
  debounceMs?: number;
  /** Told after every reload or plugin swap, with the worlds before and after (`mcpmux dev` prints the difference). */
  onApplied?: (outcome: ReloadOutcome, before: World, after: World) => void;
}

export class Supervisor {
  private queue: Promise<unknown> = Promise.resolve();
  private configWatch: FileWatch | undefined;
  private watching = false;
  /** Plugin servers whose file does not load now: shown in status until it loads again. */
  private readonly brokenPlugins = new Map<string, string>();
  private readonly pluginWatches = new Map<string, FileWatch>();
  private readonly load: () => Promise<Config>;

  constructor(
    private readonly hub: Hub,
    private readonly file: string,
    private readonly env: Record<string, string | undefined>,
    private readonly options: SupervisorOptions = {},
  ) {
    this.load = options.load ?? (async () => (await loadConfigFresh(this.file, this.env)).config);
    hub.configState = { file, loadedAt: Date.now() };
    hub.controls.reload = () => this.reload("mcpmux reload");
  }

  /** Starts watching the config file (and its local imports) and every plugin. */
  watch(): void {
    if (this.options.watch === false) return;
    this.watching = true;
    if (this.options.watchConfig !== false) {
      this.configWatch = watchFiles(
        localImports(this.file),
        () => void this.reload("the config changed"),
        this.options.debounceMs ?? 100,
      );
    }
    this.watchPlugins();
  }

  close(): void {
    this.watching = false;
    this.configWatch?.close();
    for (const watch of this.pluginWatches.values()) watch.close();
    this.pluginWatches.clear();
  }

  /** Loads, diffs and applies the config; resolves with what it did (or why nothing changed). */
  reload(reason: string): Promise<ReloadOutcome> {
    return this.serially(async () => {
      log.info(`reloading ${this.file} (${reason})`);
      let next: Config;
      try {
        next = await this.load();
      } catch (err) {
        return this.failed(err instanceof ConfigError ? err.message : errorText(err));
      } finally {
        this.configWatch?.setFiles(localImports(this.file));
      }
      const outcome = await this.apply(next);
      this.watchPlugins();
      return outcome;
    });
  }

  /** A plugin's code changed: swap its pool, so new calls run the new code and calls in flight finish on the old. */
  reloadPlugin(server: string): Promise<ReloadOutcome> {
    return this.serially(async () => {
      const config = this.hub.world.config.servers[server];
      if (config === undefined || config.disabled === true)
        return { ok: true, summary: "no change" };
      try {
        await this.hub.swap(server, config);
      } catch (err) {
        const error = `plugin server "${server}" did not load: ${errorText(err)}`;
        this.brokenPlugins.set(server, error);
        return this.failed(error);
      }
      this.brokenPlugins.delete(server);
      return this.succeeded(`swapped ${server} (plugin code changed)`);
    });
  }

  private async apply(next: Config): Promise<ReloadOutcome> {
    const running = this.hub.world;
    const diff = diffConfigs(running.config, next);
    if (isEmpty(diff)) return this.succeeded("no change");
    const pools = new Map(running.pools);
    const servers = { ...next.servers };
    const failures: string[] = [];
    // New pools first (blue/green): nothing flips until they have started.
    const swaps = await Promise.all(
      diff.swapped.map(async (name) => {
        try {
          return [
            name,
            await this.hub.startPool(name, next.servers[name] as ServerConfig),
          ] as const;
        } catch (err) {
          failures.push(
            `"${name}" kept its old version: the new one did not start: ${errorText(err)}`,
          );
          servers[name] = running.config.servers[name] as ServerConfig; // what still runs
          return undefined;
        }
      }),
    );
    for (const swap of swaps) if (swap !== undefined) pools.set(swap[0], swap[1]);
    const notStarted = await Promise.all(
      diff.added.map((name) => this.addPool(pools, name, next.servers[name])),
    );
    for (const name of diff.removed) pools.delete(name);
    // A plugin removed, or swapped to code that loaded, is broken no more.
    for (const name of [...diff.removed, ...diff.swapped])
      if (pools.get(name) !== running.pools.get(name)) this.brokenPlugins.delete(name);
    for (const name of diff.tuned) pools.get(name)?.reconfigure(next.servers[name] as ServerConfig);
    this.hub
      .install({ ...next, servers }, pools)
      .catch((err: unknown) => log.warn(`an old server did not stop cleanly: ${errorText(err)}`));
    const notes = [...failures, ...notStarted.filter((n): n is string => n !== undefined)];
    const done = {
      ...diff,
      swapped: diff.swapped.filter((name) => pools.get(name) !== running.pools.get(name)),
    };
    const summary = describeDiff(done) + (notes.length > 0 ? `; ${notes.join("; ")}` : "");
    if (failures.length > 0) return this.failed(summary, "the rest applied");
    log.info(`applied: ${summary}`);
    return this.succeeded(summary);
  }

  /**
   * An added server joins even if it cannot start yet: like at start-up, it
   * keeps retrying. Returns why it has not started, if it has not.
   */
  private async addPool(
    pools: Map<string, Pool>,
    name: string,
    config: ServerConfig | undefined,
  ): Promise<string | undefined> {
    if (config === undefined) return undefined;
    const pool = this.hub.newPool(name, config);
    await pool.start();
    pools.set(name, pool);
    if (pool.instances.some((u) => u.state === "ready")) return undefined;
    const why = pool.instances.map((u) => u.lastError).find((e) => e !== undefined);
    return `"${name}" was added but has not started (it keeps retrying): ${why ?? "unknown"}`;
  }

  /** One watch per plugin server, on its module and the local modules it imports. */
  private watchPlugins(): void {
    if (!this.watching) return;
    const plugins = new Map<string, string>();
    for (const [name, server] of Object.entries(this.hub.world.config.servers)) {
      if (server.disabled !== true && server.plugin !== undefined) plugins.set(name, server.plugin);
    }
    for (const [name, watch] of this.pluginWatches) {
      if (plugins.has(name)) continue;
      watch.close();
      this.pluginWatches.delete(name);
    }
    for (const [name, file] of plugins) {
      const files = localImports(file);
      const existing = this.pluginWatches.get(name);
      if (existing !== undefined) existing.setFiles(files);
      else {
        const watch = watchFiles(
          files,
          () => {
            watch.setFiles(localImports(file));
            void this.reloadPlugin(name);
          },
          this.options.debounceMs ?? 100,
        );
        this.pluginWatches.set(name, watch);
      }
    }
  }

  /** One change at a time, in order; each told to `onApplied` with the worlds around it. */
  private serially(work: () => Promise<ReloadOutcome>): Promise<ReloadOutcome> {
    const observed = async (): Promise<ReloadOutcome> => {
      const before = this.hub.world;
      const outcome = await work();
      this.options.onApplied?.(outcome, before, this.hub.world);
      return outcome;
    };
    const run = this.queue.then(observed, observed);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A good config loaded: whatever error was shown before is gone. */
  private succeeded(summary: string): ReloadOutcome {
    this.record(summary);
    return { ok: true, summary };
  }

  private failed(error: string, what = "the running config stays"): ReloadOutcome {
    log.error(`reload failed, ${what}: ${error}`);
    this.record("nothing changed", error);
    return { ok: false, summary: error };
  }

  private record(summary: string, error?: string): void {
    const state = this.hub.configState ?? { file: this.file, loadedAt: Date.now() };
    const at = Date.now();
    this.hub.metrics.reloaded(error === undefined);
    this.hub.configState = {
      ...state,
      ...(error === undefined ? { loadedAt: at } : {}),
      lastReload: error === undefined ? { at, summary } : { at, summary, error },
      brokenPlugins: Object.fromEntries(this.brokenPlugins),
    };
  }
}

export type { ConfigDiff };
