/**
 * Everything a config produces, as one value: the pools by server name, the
 * routing rules, the aggregated catalog and the list settings. The hub holds
 * it behind one reference and replaces it whole (a reload, a swap, a list
 * that changed), so a request that read it once sees the old world or the
 * new one, never half of each.
 */
import type { Config } from "../config/schema.ts";
import { DEFAULT_PAGE_SIZE, DEFAULT_SEPARATOR } from "../config/schema.ts";
import type { Pool } from "../pool/pool.ts";
import { RouteTable } from "../routes/rules.ts";
import { Catalog } from "./catalog.ts";

export interface World {
  /** Bumped by every reload that applied, so status can say which config serves. */
  readonly generation: number;
  readonly config: Config;
  readonly pools: ReadonlyMap<string, Pool>;
  readonly routes: RouteTable;
  readonly catalog: Catalog;
  readonly separator: string;
  readonly pageSize: number;
}

/** A world for `config` over `pools`, its catalog built from what the pools list now. */
export function buildWorld(
  generation: number,
  config: Config,
  pools: ReadonlyMap<string, Pool>,
): World {
  const separator = config.separator ?? DEFAULT_SEPARATOR;
  const routes = new RouteTable(config.routes ?? []);
  return {
    generation,
    config,
    pools,
    routes,
    separator,
    pageSize: config.pageSize ?? DEFAULT_PAGE_SIZE,
    catalog: buildCatalog(pools, routes, separator),
  };
}

/** The same world with its catalog rebuilt (a server's list changed). */
export function withFreshCatalog(world: World): World {
  const routes = new RouteTable(world.config.routes ?? []);
  return { ...world, routes, catalog: buildCatalog(world.pools, routes, world.separator) };
}

function buildCatalog(
  pools: ReadonlyMap<string, Pool>,
  routes: RouteTable,
  separator: string,
): Catalog {
  const sources = [...pools.values()].map((p) => ({
    name: p.name,
    prefix: p.config.prefix === undefined ? p.name : p.config.prefix,
    ...p.catalog,
    offersResources: p.handshake?.capabilities["resources"] !== undefined,
  }));
  const catalog = new Catalog(sources, separator);
  // Calls resolve against the lists as the rules show them, so prime the rules with them.
  routes.forList("tool", catalog.tools, undefined);
  routes.forList("prompt", catalog.prompts, undefined);
  routes.forList("resource", catalog.resources, undefined);
  return catalog;
}
