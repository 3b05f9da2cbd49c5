/**
 * The routing rules of a config, compiled once and asked two questions: what
 * does this client see in a list, and where does this client's call go. Both
 * answers come from the same per-client list view, so a name a client was
 * shown is exactly a name it can call.
 */
import type { ConfigProblem } from "../validation/problems.ts";
import {
  compileRoute,
  firstMatch,
  LIST_METHOD,
  type CompiledRoute,
  type RouteKind,
} from "./match.ts";
import type { Route } from "./schema.ts";
import { buildView, type ListItem, type ListView } from "./view.ts";

export type CallResolution =
  /** Refuse as if the item did not exist; `rule` is the index of the rule responsible. */
  | { kind: "hidden"; rule: number }
  /** Look `exposedName` up in the catalog; send to `server` instead when given. */
  | { kind: "route"; exposedName: string; server?: string };

const EMPTY: readonly ListItem[] = [];

export class RouteTable {
  private readonly rules: readonly CompiledRoute[];
  /** The list each kind was last given, which calls are resolved against. */
  private readonly seen = new Map<RouteKind, readonly ListItem[]>();
  /** Views of `seen` per kind and client name, dropped when the list changes. */
  private readonly views = new Map<RouteKind, Map<string, ListView>>();
  private lastClashes: readonly string[] = [];

  constructor(routes: readonly Route[]) {
    this.rules = routes.map(compileRoute);
  }

  /** Servers named by `server` actions must exist; `path` is where in the config. */
  problems(knownServers: readonly string[]): ConfigProblem[] {
    const known = new Set(knownServers);
    const problems: ConfigProblem[] = [];
    for (const rule of this.rules) {
      if (rule.action.type !== "server" || known.has(rule.action.server)) continue;
      const names = knownServers.length === 0 ? "none" : knownServers.join(", ");
      problems.push({
        path: `routes.${rule.index}.server`,
        message: `unknown server "${rule.action.server}" (servers: ${names})`,
      });
    }
    return problems;
  }

  /**
   * The list as `client` should see it: hidden items removed, renamed items as
   * new objects with their new `name`, everything else the same objects.
   * Also remembers `items` as the list that calls of this kind resolve against.
   */
  forList(
    kind: RouteKind,
    items: readonly ListItem[],
    client: string | undefined,
  ): Array<Record<string, unknown>> {
    if (this.seen.get(kind) !== items) {
      this.seen.set(kind, items);
      this.views.set(kind, new Map());
    }
    // Always recomputed here: lists are rare next to calls, and this keeps a
    // caller that reuses a mutated array from being served a stale view.
    const view = buildView(this.rules, kind, items, client);
    this.views.get(kind)?.set(client ?? "", view);
    this.lastClashes = view.clashes;
    return [...view.items];
  }

  /** Rename clashes found by the last forList, as messages for the user. */
  clashes(): string[] {
    return [...this.lastClashes];
  }

  /**
   * Where a call by `requested` (a name or URI the client used, maybe a new
   * name) goes. `method` is the request's method, e.g. "tools/call", for
   * rules limited by method.
   */
  resolveCall(
    kind: RouteKind,
    requested: string,
    method: string,
    client: string | undefined,
  ): CallResolution {
    const renamedFrom = this.viewFor(kind, client).renamedFrom.get(requested);
    if (renamedFrom === undefined) {
      // An old name is refused by the rule alone, not by the list view, so
      // the answer is the same before any list and whichever rule decides
      // the call (a rename clash loser is refused this way too).
      const listRule = firstMatch(this.rules, kind, requested, LIST_METHOD[kind], client);
      if (listRule?.action.type === "rename" && listRule.action.to !== requested)
        return { kind: "hidden", rule: listRule.index };
    }
    const exposedName = renamedFrom ?? requested;
    const rule = firstMatch(this.rules, kind, exposedName, method, client);
    switch (rule?.action.type) {
      case undefined:
      case "rename": // names are settled above; a rename changes nothing else about a call
        return { kind: "route", exposedName };
      case "hide":
        return { kind: "hidden", rule: rule.index };
      case "server":
        return { kind: "route", exposedName, server: rule.action.server };
    }
  }

  private viewFor(kind: RouteKind, client: string | undefined): ListView {
    let perClient = this.views.get(kind);
    if (perClient === undefined) this.views.set(kind, (perClient = new Map()));
    const key = client ?? "";
    let view = perClient.get(key);
    if (view === undefined) {
      view = buildView(this.rules, kind, this.seen.get(kind) ?? EMPTY, client);
      perClient.set(key, view);
    }
    return view;
  }
}
