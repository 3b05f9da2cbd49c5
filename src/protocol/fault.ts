/**
 * Errors that mcpmux itself makes (as opposed to an error a server chose to
 * send) are typed: a kind, the server, the instance. They reach the client
 * as ordinary JSON-RPC errors whose `data.mcpmux` says what happened, and
 * inside mcpmux the kind decides what counts against an instance's health:
 * a crash, a timeout, a broken pipe or an unanswered ping do; a full queue,
 * a stopped pool or an open circuit do not (they say nothing new about the
 * instance), and neither does a server's own error nor a client's cancel.
 */
import { ErrorCode, errorResponse, type JsonObject, type RpcResponse } from "./jsonrpc.ts";

export type FaultKind =
  /** The server did not answer in time. */
  | "timeout"
  /** The server process exited (or the connection closed) with the request open. */
  | "crashed"
  /** A message could not be sent, or the server is not connected. */
  | "transport"
  /** The server could not be started (or restarted) for this call. */
  | "unavailable"
  /** Every instance was busy and the queue was full, or the wait ran out. */
  | "busy"
  /** The pool or instance was stopped (a reload, a shutdown). */
  | "stopped"
  /** Every instance's circuit is open: failing, left alone for a while. */
  | "circuit-open";

export interface Fault {
  kind: FaultKind;
  server: string;
  instance?: string;
}

const AGAINST_INSTANCE: ReadonlySet<FaultKind> = new Set(["timeout", "crashed", "transport"]);

/** A JSON-RPC error made by mcpmux, typed in `data.mcpmux`. */
export function faultResponse(fault: Fault, message: string): RpcResponse {
  const code = fault.kind === "timeout" ? ErrorCode.RequestTimeout : ErrorCode.UpstreamError;
  const data: JsonObject = { mcpmux: { ...fault } };
  return errorResponse(null, code, message, data);
}

/** The fault behind an outcome, if mcpmux made it (a server's own errors have none). */
export function faultOf(response: RpcResponse): Fault | undefined {
  const data = response.error?.data as { mcpmux?: Fault } | undefined;
  const fault = data?.mcpmux;
  return typeof fault?.kind === "string" && typeof fault.server === "string" ? fault : undefined;
}

/** Whether a fault says something is wrong with the instance (its breaker counts it). */
export function countsAgainstInstance(fault: Fault | undefined): boolean {
  return fault !== undefined && AGAINST_INSTANCE.has(fault.kind);
}
