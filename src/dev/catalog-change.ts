/**
 * What a reload changed in what clients see: tools, prompts, resources and
 * resource templates added, removed or changed (same name, other
 * description or schema), as one line for a person.
 */
import type { JsonObject } from "../protocol/jsonrpc.ts";
import type { World } from "../core/world.ts";

const KINDS = [
  ["tools", "tool", "name"],
  ["prompts", "prompt", "name"],
  ["resources", "resource", "uri"],
  ["resourceTemplates", "resource template", "uriTemplate"],
] as const;

export function describeCatalogChange(before: World | undefined, after: World): string {
  const parts: string[] = [];
  for (const [list, noun, key] of KINDS) {
    const old = byKey(before?.catalog[list] ?? [], key);
    const now = byKey(after.catalog[list], key);
    if (before === undefined) {
      if (now.size > 0) parts.push(`${noun}s ${[...now.keys()].join(", ")}`);
      continue;
    }
    const added = [...now.keys()].filter((k) => !old.has(k));
    const removed = [...old.keys()].filter((k) => !now.has(k));
    const changed = [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k));
    if (added.length > 0) parts.push(`added ${noun} ${added.join(", ")}`);
    if (removed.length > 0) parts.push(`removed ${noun} ${removed.join(", ")}`);
    if (changed.length > 0) parts.push(`changed ${noun} ${changed.join(", ")}`);
  }
  if (parts.length > 0) return parts.join("; ");
  return before === undefined ? "it offers nothing yet" : "same tools, prompts and resources";
}

function byKey(items: readonly JsonObject[], key: string): Map<string, string> {
  return new Map(items.map((item) => [String(item[key]), JSON.stringify(item)]));
}
