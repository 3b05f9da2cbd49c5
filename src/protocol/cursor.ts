/**
 * Opaque pagination cursors for the aggregated lists. A cursor names the
 * list and the offset in the merged, ordered catalog.
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

interface CursorState {
  list: string;
  offset: number;
}

function encode(state: CursorState): string {
  return btoa(JSON.stringify(state)).replace(/=+$/, "");
}

function decode(cursor: string): CursorState | undefined {
  try {
    const state = JSON.parse(atob(cursor)) as Partial<CursorState>;
    if (typeof state.list === "string" && typeof state.offset === "number" && state.offset >= 0) {
      return { list: state.list, offset: state.offset };
    }
  } catch {
    // fall through: an undecodable cursor is reported by the caller
  }
  return undefined;
}

/** Returns undefined for a cursor this list did not hand out. */
export function paginate<T>(
  list: string,
  all: T[],
  cursor: unknown,
  pageSize: number,
): Page<T> | undefined {
  let offset = 0;
  if (cursor !== undefined) {
    if (typeof cursor !== "string") return undefined;
    const state = decode(cursor);
    if (state === undefined || state.list !== list) return undefined;
    offset = state.offset;
  }
  if (pageSize <= 0) return offset === 0 ? { items: all } : { items: all.slice(offset) };
  const items = all.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < all.length ? { items, nextCursor: encode({ list, offset: next }) } : { items };
}
