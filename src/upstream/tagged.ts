/**
 * Messages from a plugin host that say which call they belong to (see
 * protocol/related-request.ts): found in the pending table, so a log line,
 * a sampling or an elicitation request reaches exactly that call's session,
 * however many calls the instance has in flight.
 */
import type { Origin } from "../protocol/caller.ts";
import type { JsonObject, RpcNotification } from "../protocol/jsonrpc.ts";
import { levelRank } from "../protocol/log-levels.ts";
import { relatedRequestOf, withoutRelatedRequest } from "../protocol/related-request.ts";
import type { PendingTable } from "./pending.ts";

export interface Tagged {
  /** The session's call it belongs to; undefined when that call is already over. */
  origin: Origin | undefined;
  /** The params without the tag, as the client must see them. */
  params: JsonObject | undefined;
}

/** Undefined when the message carries no tag. */
export function tagOf(pending: PendingTable, params: JsonObject | undefined): Tagged | undefined {
  const id = relatedRequestOf(params);
  if (id === undefined) return undefined;
  return { origin: pending.get(id)?.origin, params: withoutRelatedRequest(params) };
}

/** A log message to its call's session, at the level that session asked for. */
export function logToCaller(origin: Origin, message: RpcNotification): void {
  const wanted = origin.caller.logLevel;
  if (wanted !== undefined && levelRank(message.params?.["level"]) < levelRank(wanted)) return;
  origin.caller.notifyClient(message, origin.clientId);
}
