/** The lists of several instances (variants) of one server, merged without duplicates. */
import type { JsonObject } from "../protocol/jsonrpc.ts";
import type { ListKind } from "../upstream/lists.ts";

const KEY: Record<ListKind, string> = {
  tools: "name",
  prompts: "name",
  resources: "uri",
  resourceTemplates: "uriTemplate",
};

export function mergeCatalogs(
  catalogs: Array<Record<ListKind, JsonObject[]>>,
): Record<ListKind, JsonObject[]> {
  if (catalogs.length === 1 && catalogs[0] !== undefined) return catalogs[0];
  const merged: Record<ListKind, JsonObject[]> = {
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
  };
  for (const kind of Object.keys(KEY) as ListKind[]) {
    const seen = new Set<unknown>();
    for (const catalog of catalogs) {
      for (const item of catalog[kind]) {
        const key = item[KEY[kind]];
        if (seen.has(key)) continue;
        seen.add(key);
        merged[kind].push(item);
      }
    }
  }
  return merged;
}
