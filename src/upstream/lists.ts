/** The four lists a server can offer, and how each is asked for. */
export type ListKind = "tools" | "prompts" | "resources" | "resourceTemplates";

export interface ListSpec {
  method: string;
  field: string;
  capability: "tools" | "prompts" | "resources";
  changed: string;
}

export const LISTS: Record<ListKind, ListSpec> = {
  tools: {
    method: "tools/list",
    field: "tools",
    capability: "tools",
    changed: "notifications/tools/list_changed",
  },
  prompts: {
    method: "prompts/list",
    field: "prompts",
    capability: "prompts",
    changed: "notifications/prompts/list_changed",
  },
  resources: {
    method: "resources/list",
    field: "resources",
    capability: "resources",
    changed: "notifications/resources/list_changed",
  },
  resourceTemplates: {
    method: "resources/templates/list",
    field: "resourceTemplates",
    capability: "resources",
    changed: "notifications/resources/list_changed",
  },
};

export const LIST_KINDS = Object.keys(LISTS) as ListKind[];

/** Which lists a list_changed notification invalidates. */
export function kindsChangedBy(method: string): ListKind[] {
  return LIST_KINDS.filter((kind) => LISTS[kind].changed === method);
}

/** Upstream pagination is followed to the end, but never forever. */
export const MAX_UPSTREAM_PAGES = 1000;
