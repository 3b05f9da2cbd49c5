/**
 * What an upstream needs to know about the client session a forwarded request
 * came from: where progress goes, and who answers server-to-client requests
 * (sampling, elicitation, roots) that the request caused.
 */
import type { JsonObject, RequestId, RpcNotification, RpcResponse } from "./jsonrpc.ts";
import type { McpLogLevel } from "./log-levels.ts";

export type ClientCapability = "sampling" | "elicitation" | "roots";

export interface Caller {
  readonly id: string;
  /** The client's `clientInfo` from its `initialize` (name, version). */
  readonly clientInfo: JsonObject;
  /** The log level this client asked for (`logging/setLevel`); undefined: everything. */
  readonly logLevel: McpLogLevel | undefined;
  supports(capability: ClientCapability): boolean;
  /** Send a notification to this client, tied to one of its requests. */
  notifyClient(message: RpcNotification, relatedRequestId?: RequestId): void;
  /** Ask this client something on behalf of an upstream; resolves with its answer. */
  requestClient(
    method: string,
    params: JsonObject | undefined,
    relatedRequestId: RequestId,
    signal: AbortSignal,
  ): Promise<RpcResponse>;
}

/** The client request behind a forwarded upstream request. */
export interface Origin {
  caller: Caller;
  clientId: RequestId;
  clientProgressToken?: string | number;
}
