/**
 * How a plugin host (ours) ties what it sends to the call that caused it: a
 * log message, a sampling or an elicitation request carries the id of the
 * request being handled under this `_meta` key. mcpmux reads it to reach
 * exactly that call's session, and removes it before the client sees the
 * message. Other servers cannot be trusted with it and are never asked.
 */
import type { JsonObject } from "./jsonrpc.ts";

export const RELATED_REQUEST_META_KEY = "mcpmux/related-request";

/** The related request id in `params._meta`, if any. */
export function relatedRequestOf(params: JsonObject | undefined): number | undefined {
  const meta = params?.["_meta"] as JsonObject | undefined;
  const id = meta?.[RELATED_REQUEST_META_KEY];
  return typeof id === "number" ? id : undefined;
}

/** The params without the key (and without `_meta` if nothing else was in it). */
export function withoutRelatedRequest(params: JsonObject | undefined): JsonObject | undefined {
  const meta = params?.["_meta"] as JsonObject | undefined;
  if (params === undefined || meta === undefined || !(RELATED_REQUEST_META_KEY in meta))
    return params;
  const { [RELATED_REQUEST_META_KEY]: _dropped, ...rest } = meta;
  const { _meta: _old, ...others } = params;
  return Object.keys(rest).length === 0 ? others : { ...others, _meta: rest };
}
