/**
 * The keys a valibot schema defines at a path inside it, read from the
 * schema itself, so a "did you mean" never drifts from what the config
 * accepts. It follows the schema's public shape: objects (`entries`),
 * records (`value`), arrays (`item`), tuples (`items`), wrappers
 * (`wrapped`: optional, nullable...), unions and variants (`options`) and
 * pipes (their schema items).
 */

interface SchemaShape {
  kind?: unknown;
  entries?: Record<string, unknown>;
  value?: unknown;
  item?: unknown;
  items?: unknown[];
  wrapped?: unknown;
  options?: unknown[];
  pipe?: unknown[];
}

export function knownKeysAt(schema: unknown, path: readonly unknown[]): string[] {
  let here = concrete(schema);
  for (const key of path) here = here.flatMap((s) => concrete(child(s, key)));
  const keys = new Set<string>();
  for (const s of here) for (const key of Object.keys(s.entries ?? {})) keys.add(key);
  return [...keys];
}

/** The schemas that actually check a value, through wrappers, pipes and unions. */
function concrete(schema: unknown, depth = 0): SchemaShape[] {
  if (typeof schema !== "object" || schema === null || depth > 20) return [];
  const s = schema as SchemaShape;
  if (Array.isArray(s.pipe))
    return s.pipe.filter((item) => isSchema(item)).flatMap((item) => concrete(item, depth + 1));
  if (s.wrapped !== undefined) return concrete(s.wrapped, depth + 1);
  if (Array.isArray(s.options)) return s.options.flatMap((option) => concrete(option, depth + 1));
  return [s];
}

function isSchema(item: unknown): boolean {
  return typeof item === "object" && item !== null && (item as SchemaShape).kind === "schema";
}

/** The schema for the value under `key`. */
function child(s: SchemaShape, key: unknown): unknown {
  if (s.entries !== undefined) return typeof key === "string" ? s.entries[key] : undefined;
  if (s.value !== undefined) return s.value;
  if (s.item !== undefined) return s.item;
  if (Array.isArray(s.items) && typeof key === "number") return s.items[key];
  return undefined;
}
