/**
 * A routing rule compiled for matching: its globs turned into RegExps once,
 * and its one action pulled out as a tagged value so callers switch on it
 * instead of re-reading which optional key is set.
 */
import { globToRegExp } from "./glob.ts";
import type { Route } from "./schema.ts";

export type RouteKind = "tool" | "prompt" | "resource";

/** The list method of each kind: what a rule's `method` glob sees in a list. */
export const LIST_METHOD: Readonly<Record<RouteKind, string>> = {
  tool: "tools/list",
  prompt: "prompts/list",
  resource: "resources/list",
};

export type RouteAction =
  { type: "hide" } | { type: "rename"; to: string } | { type: "server"; server: string };

export interface CompiledRoute {
  /** Position in `routes`, for messages and for `routes.<n>` paths. */
  readonly index: number;
  readonly action: RouteAction;
  /** Whether every key the rule's `match` gives matches this item in this context. */
  matches(kind: RouteKind, name: string, method: string, client: string | undefined): boolean;
}

function actionOf(route: Route, index: number): RouteAction {
  if (route.hide === true) return { type: "hide" };
  if (route.rename !== undefined) return { type: "rename", to: route.rename };
  if (route.server !== undefined) return { type: "server", server: route.server };
  // RouteSchema refuses this; reaching here means the routes were not validated.
  throw new Error(`routes.${index}: a route needs exactly one of hide, rename or server`);
}

export function compileRoute(route: Route, index: number): CompiledRoute {
  const item: Array<{ kind: RouteKind; pattern: RegExp }> = [];
  for (const kind of ["tool", "prompt", "resource"] as const) {
    const glob = route.match[kind];
    if (glob !== undefined) item.push({ kind, pattern: globToRegExp(glob) });
  }
  const method = route.match.method === undefined ? undefined : globToRegExp(route.match.method);
  const client = route.match.client === undefined ? undefined : globToRegExp(route.match.client);
  return {
    index,
    action: actionOf(route, index),
    matches(kind, name, requestMethod, clientName) {
      // Every item key must match, so a key for another kind rules the item out.
      for (const glob of item) if (glob.kind !== kind || !glob.pattern.test(name)) return false;
      if (method !== undefined && !method.test(requestMethod)) return false;
      // A client that sent no name is matched as "": `*` still covers it, "claude*" does not.
      return client === undefined || client.test(clientName ?? "");
    },
  };
}

/** The rule that decides an item: the first that matches, as rules are applied in order. */
export function firstMatch(
  rules: readonly CompiledRoute[],
  kind: RouteKind,
  name: string,
  method: string,
  client: string | undefined,
): CompiledRoute | undefined {
  return rules.find((rule) => rule.matches(kind, name, method, client));
}
