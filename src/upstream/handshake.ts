/**
 * The proxy's side of an MCP handshake with one server, and reading a list
 * to its end. Written over a bare `call` so the raw messages stay ours: the
 * typed SDK client would reshape results.
 */
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/server";
import type { JsonObject, RpcResponse } from "../protocol/jsonrpc.ts";
import { VERSION } from "../version.ts";
import { MAX_UPSTREAM_PAGES } from "./lists.ts";

export type Call = (method: string, params?: JsonObject) => Promise<RpcResponse>;

export interface ServerHandshake {
  protocolVersion: string;
  capabilities: JsonObject;
  serverInfo: JsonObject;
  instructions?: string;
}

export async function initialize(call: Call): Promise<ServerHandshake> {
  const reply = await call("initialize", {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    // No `roots`: a shared server would adopt one session's roots for every session.
    capabilities: { sampling: {}, elicitation: {} },
    clientInfo: { name: "mcpmux", version: VERSION },
  });
  if (reply.error !== undefined || reply.result === undefined) {
    throw new Error(`initialize failed: ${reply.error?.message ?? "no result"}`);
  }
  const result = reply.result;
  const handshake: ServerHandshake = {
    protocolVersion: String(result["protocolVersion"] ?? LATEST_PROTOCOL_VERSION),
    capabilities: (result["capabilities"] as JsonObject | undefined) ?? {},
    serverInfo: (result["serverInfo"] as JsonObject | undefined) ?? {},
  };
  if (typeof result["instructions"] === "string") handshake.instructions = result["instructions"];
  return handshake;
}

/** Follows `nextCursor` to the last page, within a bound. */
export async function fetchAll(call: Call, method: string, field: string): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  let cursor: unknown;
  for (let page = 0; page < MAX_UPSTREAM_PAGES; page++) {
    const reply = await call(method, cursor === undefined ? {} : { cursor });
    if (reply.error !== undefined) throw new Error(reply.error.message);
    const list = reply.result?.[field];
    if (Array.isArray(list)) items.push(...(list as JsonObject[]));
    cursor = reply.result?.["nextCursor"];
    if (typeof cursor !== "string" || cursor === "") return items;
  }
  throw new Error(`more than ${MAX_UPSTREAM_PAGES} pages`);
}
