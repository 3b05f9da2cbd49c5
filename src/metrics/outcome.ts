/**
 * The `outcome` label of a call: ok, error (the server answered with an
 * error, or a tool result marked isError), cancelled, or the kind of fault
 * mcpmux made (timeout, crashed, busy...). Bounded: the fault kinds are a
 * closed set, so the label cannot grow with traffic.
 */
import { faultOf } from "../protocol/fault.ts";
import type { RpcResponse } from "../protocol/jsonrpc.ts";

export function outcomeOf(outcome: RpcResponse | "cancelled"): string {
  if (outcome === "cancelled") return "cancelled";
  if (outcome.error !== undefined) return faultOf(outcome)?.kind ?? "error";
  const result = outcome.result as { isError?: unknown } | undefined;
  return result?.isError === true ? "error" : "ok";
}
