/**
 * One client's view of one list: which items it sees and under which names,
 * plus the reverse map that lets a call by a new name reach the original.
 * Computed from the list alone so that the same catalog and client always
 * give the same names, which is what makes renames reversible.
 */
import { firstMatch, LIST_METHOD, type CompiledRoute, type RouteKind } from "./match.ts";

export type ListItem = { name?: string; uri?: string } & Record<string, unknown>;

export interface ListView {
  readonly items: Array<Record<string, unknown>>;
  /** New name → exposed name, for each rename that took effect. */
  readonly renamedFrom: ReadonlyMap<string, string>;
  readonly clashes: readonly string[];
}

export function buildView(
  rules: readonly CompiledRoute[],
  kind: RouteKind,
  items: readonly ListItem[],
  client: string | undefined,
): ListView {
  const key = kind === "resource" ? "uri" : "name";
  const method = LIST_METHOD[kind];

  // First pass: each item's deciding rule. Names that stay are reserved
  // before any rename is placed, so a rename never pushes out an item the
  // config did not mention, whatever the order servers happen to list in.
  const decided = items.map((item) => {
    const name = item[key];
    const rule =
      typeof name === "string" ? firstMatch(rules, kind, name, method, client) : undefined;
    return { item, name, rule };
  });
  const kept = new Set<string>();
  for (const { name, rule } of decided)
    if (typeof name === "string" && (rule === undefined || rule.action.type === "server"))
      kept.add(name);

  // Second pass, in list order: the first rename to claim a name wins.
  const out: Array<Record<string, unknown>> = [];
  const renamedFrom = new Map<string, string>();
  const clashes: string[] = [];
  for (const { item, name, rule } of decided) {
    if (rule === undefined || typeof name !== "string" || rule.action.type === "server") {
      out.push(item); // a server rule changes where calls go, not what is listed
      continue;
    }
    if (rule.action.type === "hide") continue;
    // RouteSchema allows renames for tools and prompts only; a resource keeps its URI.
    if (kind === "resource") {
      out.push(item);
      continue;
    }
    const to = rule.action.to;
    const holder = kept.has(to) ? to : renamedFrom.get(to);
    if (holder !== undefined) {
      // The loser is dropped, as the catalog drops a clashing name: listing it
      // under its old name could take a name another rename already claimed.
      clashes.push(
        `routes.${rule.index}: ${kind} "${name}" is not listed: ` +
          (kept.has(to)
            ? `"${to}" is already the name of another ${kind}`
            : `"${holder}" was renamed to "${to}" first`),
      );
      continue;
    }
    renamedFrom.set(to, name);
    if (to === name) {
      out.push(item);
      continue;
    }
    out.push({ ...item, name: to });
  }
  return { items: out, renamedFrom, clashes };
}
