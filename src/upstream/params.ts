/**
 * Small rewrites of a forwarded message's params: the only changes mcpmux
 * makes to a message on its way (a progress token, a `_meta` key), each a
 * shallow copy so the client's own objects are never touched.
 */
import type { JsonObject, RpcNotification, RpcRequest } from "../protocol/jsonrpc.ts";

export function withParams<M extends RpcRequest | RpcNotification>(
  message: M,
  params: JsonObject | undefined,
): M {
  const { params: _old, ...rest } = message;
  return (params === undefined ? rest : { ...rest, params }) as M;
}

export function withProgressToken(params: JsonObject | undefined, token: number): JsonObject {
  return withMeta(params, "progressToken", token);
}

export function withMeta(params: JsonObject | undefined, key: string, value: unknown): JsonObject {
  const meta = (params?.["_meta"] as JsonObject | undefined) ?? {};
  return { ...params, _meta: { ...meta, [key]: value } };
}
