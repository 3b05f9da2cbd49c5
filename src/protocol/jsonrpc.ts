/**
 * Raw JSON-RPC shapes as they travel through the proxy. Messages are forwarded
 * as plain objects: only the fields the proxy must rewrite are touched, so
 * unknown fields, `_meta`, annotations and error `data` survive untouched.
 */
export type RequestId = string | number;

export type JsonObject = { [key: string]: unknown };

export interface RpcRequest {
  jsonrpc: "2.0";
  id: RequestId;
  method: string;
  params?: JsonObject;
}

export interface RpcNotification {
  jsonrpc: "2.0";
  method: string;
  params?: JsonObject;
}

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcResponse {
  jsonrpc: "2.0";
  id: RequestId | null;
  result?: JsonObject;
  error?: RpcError;
}

export type RpcMessage = RpcRequest | RpcNotification | RpcResponse;

export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** A request that took longer than allowed (the code the MCP SDKs use). */
  RequestTimeout: -32001,
  /** Upstream unavailable, or otherwise failed on the proxy's side. */
  UpstreamError: -32000,
  /** MCP's code for an unknown resource URI. */
  ResourceNotFound: -32002,
} as const;

export function isRequest(msg: RpcMessage): msg is RpcRequest {
  return "method" in msg && "id" in msg && msg.id !== undefined && msg.id !== null;
}

export function isNotification(msg: RpcMessage): msg is RpcNotification {
  return "method" in msg && !("id" in msg && msg.id !== undefined && msg.id !== null);
}

export function errorResponse(
  id: RequestId | null,
  code: number,
  message: string,
  data?: unknown,
): RpcResponse {
  const error: RpcError = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: "2.0", id, error };
}

export function resultResponse(id: RequestId, result: JsonObject): RpcResponse {
  return { jsonrpc: "2.0", id, result };
}

export function notification(method: string, params?: JsonObject): RpcNotification {
  return params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params };
}

export type ShapeCheck = { ok: true; msg: RpcMessage } | { ok: false; reply: RpcResponse };

/**
 * Edge check of an untrusted, already-parsed value: is it JSON-RPC shaped
 * enough to route? Payloads are deliberately not validated here (hot path);
 * a bad shape yields the error response to send back.
 */
export function checkShape(value: unknown): ShapeCheck {
  const fail = (id: RequestId | null, code: number, message: string): ShapeCheck => ({
    ok: false,
    reply: errorResponse(id, code, message),
  });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(null, ErrorCode.InvalidRequest, "Invalid Request: expected a JSON-RPC object");
  }
  const obj = value as JsonObject;
  const id = obj["id"];
  const safeId = typeof id === "string" || typeof id === "number" ? id : null;
  if (obj["jsonrpc"] !== "2.0") {
    return fail(safeId, ErrorCode.InvalidRequest, 'Invalid Request: "jsonrpc" must be "2.0"');
  }
  if (id !== undefined && id !== null && safeId === null) {
    return fail(null, ErrorCode.InvalidRequest, "Invalid Request: id must be a string or number");
  }
  if ("method" in obj) {
    const params = obj["params"];
    if (typeof obj["method"] !== "string") {
      return fail(safeId, ErrorCode.InvalidRequest, "Invalid Request: method must be a string");
    }
    if (
      params !== undefined &&
      (typeof params !== "object" || params === null || Array.isArray(params))
    ) {
      return fail(safeId, ErrorCode.InvalidParams, "Invalid params: params must be an object");
    }
    return { ok: true, msg: obj as unknown as RpcMessage };
  }
  if ("result" in obj || "error" in obj) return { ok: true, msg: obj as unknown as RpcResponse };
  return fail(
    safeId,
    ErrorCode.InvalidRequest,
    "Invalid Request: not a request, notification or response",
  );
}
