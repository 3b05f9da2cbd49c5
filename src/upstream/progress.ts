/**
 * Progress from a server goes to the session whose call it is about, under
 * that client's own progress token (mcpmux gave the server a fresh token: the
 * upstream request id). Progress also restarts the call's timeout clock.
 * Late or unknown progress has nobody to tell and is dropped.
 */
import type { RpcNotification } from "../protocol/jsonrpc.ts";
import type { PendingTable } from "./pending.ts";

export function routeProgress(pending: PendingTable, message: RpcNotification): void {
  const token = message.params?.["progressToken"];
  const entry = typeof token === "number" ? pending.get(token) : undefined;
  const origin = entry?.origin;
  if (entry === undefined || origin?.clientProgressToken === undefined) return;
  pending.touch(entry.id);
  const params = { ...message.params, progressToken: origin.clientProgressToken };
  origin.caller.notifyClient({ ...message, params }, origin.clientId);
}
