/**
 * What a reload must do, server by server: compare the running config with
 * the new one and sort every server into the smallest change that applies
 * it. Pure, so every case is unit-tested without a process.
 */
import type { Config, ServerConfig } from "../config/schema.ts";

export interface ConfigDiff {
  /** New servers (or ones no longer disabled): start them. */
  added: string[];
  /** Gone (or now disabled): drain, then stop. */
  removed: string[];
  /** What runs changed (command, args, env, url, headers, plugin, variants, share, prefix): blue/green swap. */
  swapped: string[];
  /** Only tuning changed (pool, queue, health, strategy, weights, timeouts): applied to the running pool. */
  tuned: string[];
  unchanged: string[];
  /** Routes, separator or page size changed: the catalog is rebuilt, no process is touched. */
  settingsChanged: boolean;
}

/** Fields that can change on a running pool without a new process. */
const TUNING_KEYS = [
  "pool",
  "health",
  "strategy",
  "weight",
  "requestTimeout",
  "startupTimeout",
] as const satisfies readonly (keyof ServerConfig)[];

/** Config-wide settings that only change how lists and calls are routed. */
const SETTING_KEYS = [
  "routes",
  "separator",
  "pageSize",
  "listWait",
  "maxMessageBytes",
] as const satisfies readonly (keyof Config)[];

export function diffConfigs(running: Config, next: Config): ConfigDiff {
  const diff: ConfigDiff = {
    added: [],
    removed: [],
    swapped: [],
    tuned: [],
    unchanged: [],
    settingsChanged: SETTING_KEYS.some((k) => canonical(running[k]) !== canonical(next[k])),
  };
  const before = enabledServers(running);
  const after = enabledServers(next);
  for (const name of before.keys()) if (!after.has(name)) diff.removed.push(name);
  for (const [name, server] of after) {
    const old = before.get(name);
    if (old === undefined) diff.added.push(name);
    else if (canonical(processPart(old)) !== canonical(processPart(server)))
      diff.swapped.push(name);
    else if (canonical(tuningPart(old)) !== canonical(tuningPart(server))) diff.tuned.push(name);
    else diff.unchanged.push(name);
  }
  return diff;
}

export function isEmpty(diff: ConfigDiff): boolean {
  return (
    !diff.settingsChanged &&
    diff.added.length + diff.removed.length + diff.swapped.length + diff.tuned.length === 0
  );
}

/** One line for logs and `mcpmux status`, e.g. "added a; swapped b; tuned c; routes changed". */
export function describeDiff(diff: ConfigDiff): string {
  const groups: Array<[string, string[]]> = [
    ["added", diff.added],
    ["removed", diff.removed],
    ["swapped", diff.swapped],
    ["changed in place", diff.tuned],
  ];
  const parts = groups
    .filter(([, names]) => names.length > 0)
    .map(([what, names]) => `${what} ${names.join(", ")}`);
  if (diff.settingsChanged) parts.push("routes or list settings changed");
  return parts.length === 0 ? "no change" : parts.join("; ");
}

function enabledServers(config: Config): Map<string, ServerConfig> {
  return new Map(Object.entries(config.servers).filter(([, s]) => s.disabled !== true));
}

/** Everything that decides what runs; variants without their weights (a weight is tuning). */
function processPart(server: ServerConfig): unknown {
  const rest: Record<string, unknown> = { ...server };
  for (const key of [...TUNING_KEYS, "disabled"]) delete rest[key];
  if (server.variants !== undefined)
    rest["variants"] = server.variants.map(({ weight: _weight, ...variant }) => variant);
  return rest;
}

function tuningPart(server: ServerConfig): unknown {
  return {
    ...Object.fromEntries(TUNING_KEYS.map((k) => [k, server[k]])),
    variantWeights: server.variants?.map((v) => v.weight),
  };
}

/** JSON with sorted keys, so key order in the file does not count as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
