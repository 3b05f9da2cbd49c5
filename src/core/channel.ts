/**
 * A client connection as the core sees it, whatever the front door: stdio,
 * a unix socket, a Streamable HTTP session or a legacy SSE stream.
 */
import type { RequestId, RpcMessage } from "../protocol/jsonrpc.ts";

export type FrontKind = "stdio" | "socket" | "http" | "sse";

export interface ClientChannel {
  readonly kind: FrontKind;
  /** `relatedRequestId` ties a message to the client request it belongs to
   * (Streamable HTTP sends it on that request's stream). */
  send(message: RpcMessage, relatedRequestId?: RequestId): void;
}
