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

/**
 * The outcome of the edge check: a message to route; or one to refuse, with
 * the error to send back when JSON-RPC wants one (`reply`) and otherwise only
 * a reason to log (a notification or a response is never answered).
 */
export type ShapeCheck =
  | { ok: true; msg: RpcMessage }
  | { ok: false; reply: RpcResponse; reason: string }
  | { ok: false; reply: undefined; reason: string };

/** A usable id: a string, or a finite number (JSON's 1e400 parses to Infinity, which has no JSON form). */
function readableId(id: unknown): RequestId | null {
  if (typeof id === "string") return id;
  if (typeof id === "number" && Number.isFinite(id)) return id;
  return null;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * How deep a message may nest. JSON.parse reads any depth, but JSON.stringify
 * (every forward, every log of a message) overflows the stack a few thousand
 * levels down; no MCP message comes near this.
 */
export const MAX_NESTING = 512;

/** True when `value` nests objects or arrays more than `max` levels deep (iterative: any depth is safe). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (;;) {
    const top = stack.pop();
    if (top === undefined) return false;
    const [node, depth] = top;
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
}

/** The error for a message too large to read (a line or body over the limit). */
export function tooLarge(limitBytes: number, key: string): RpcResponse {
  return errorResponse(
    null,
    ErrorCode.InvalidRequest,
    `Invalid Request: message larger than ${limitBytes} bytes (the \`${key}\` limit); it was dropped`,
    { limit: limitBytes, key },
  );
}

/**
 * Edge check of an untrusted, already-parsed value: is it JSON-RPC shaped
 * enough to route? Payloads are deliberately not validated here (hot path).
 * Following JSON-RPC 2.0 and MCP: an invalid request object gets -32600
 * (with its id when the id can be read, else null); a request whose params
 * are not an object gets -32602; a batch is refused as a whole (MCP has no
 * batches); a notification or a response that is wrong is dropped without an
 * answer (JSON-RPC never answers either).
 */
export function checkShape(value: unknown): ShapeCheck {
  const fail = (id: RequestId | null, code: number, message: string): ShapeCheck => ({
    ok: false,
    reply: errorResponse(id, code, message),
    reason: message,
  });
  const drop = (reason: string): ShapeCheck => ({ ok: false, reply: undefined, reason });
  if (Array.isArray(value)) {
    // Not looked into: answered as a whole, with nothing in it read.
    return fail(
      null,
      ErrorCode.InvalidRequest,
      value.length === 0
        ? "Invalid Request: an empty batch"
        : "Invalid Request: JSON-RPC batches are not supported; send one message per line or request",
    );
  }
  if (!isPlainObject(value)) {
    return fail(null, ErrorCode.InvalidRequest, "Invalid Request: expected a JSON-RPC object");
  }
  const obj = value;
  const id = obj["id"];
  const safeId = readableId(id);
  if (nestedDeeperThan(obj, MAX_NESTING)) {
    const reason = `Invalid Request: nested more than ${MAX_NESTING} levels deep`;
    if ("method" in obj && safeId !== null) return fail(safeId, ErrorCode.InvalidRequest, reason);
    if ("method" in obj || "result" in obj || "error" in obj) return drop(reason);
    return fail(null, ErrorCode.InvalidRequest, reason);
  }
  if (obj["jsonrpc"] !== "2.0") {
    return fail(safeId, ErrorCode.InvalidRequest, 'Invalid Request: "jsonrpc" must be "2.0"');
  }
  if (id !== undefined && id !== null && safeId === null) {
    return fail(
      null,
      ErrorCode.InvalidRequest,
      "Invalid Request: id must be a string or a finite number",
    );
  }
  if ("method" in obj) {
    const params = obj["params"];
    if (typeof obj["method"] !== "string") {
      return fail(safeId, ErrorCode.InvalidRequest, "Invalid Request: method must be a string");
    }
    if (id === null) {
      return fail(
        null,
        ErrorCode.InvalidRequest,
        "Invalid Request: id must not be null (leave it out for a notification)",
      );
    }
    if (params !== undefined && !isPlainObject(params)) {
      if (safeId === null) return drop(`notification ${obj["method"]} with params not an object`);
      return fail(safeId, ErrorCode.InvalidParams, "Invalid params: params must be an object");
    }
    return { ok: true, msg: obj as unknown as RpcMessage };
  }
  if ("result" in obj || "error" in obj) {
    // id null is allowed: it is how a peer reports a message of ours it could not read.
    if (id === undefined) return drop("a response without an id");
    if ("result" in obj && "error" in obj) return drop("a response with both result and error");
    if ("result" in obj && !isPlainObject(obj["result"]))
      return drop("a response whose result is not an object");
    if ("error" in obj) {
      const error = obj["error"];
      if (
        !isPlainObject(error) ||
        typeof error["code"] !== "number" ||
        typeof error["message"] !== "string"
      )
        return drop("a response whose error lacks a numeric code or a message");
    }
    return { ok: true, msg: obj as unknown as RpcResponse };
  }
  return fail(
    safeId,
    ErrorCode.InvalidRequest,
    "Invalid Request: not a request, notification or response",
  );
}
