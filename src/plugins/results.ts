/**
 * What handlers may return, made into MCP results. A plain string is the
 * common case (one text block); a whole result passes through untouched, so
 * `_meta`, `structuredContent` and fields added by later protocol versions
 * reach the client.
 */
import type { CallToolResult, ReadResourceResult } from "@modelcontextprotocol/server";
import type { ResourceReturn, ToolReturn } from "./define.ts";

export function toolResult(value: ToolReturn): CallToolResult {
  return typeof value === "string" ? { content: [{ type: "text", text: value }] } : value;
}

export function resourceResult(
  value: ResourceReturn,
  uri: string,
  mimeType: string | undefined,
): ReadResourceResult {
  if (typeof value !== "string") return value;
  return {
    contents: [mimeType === undefined ? { uri, text: value } : { uri, mimeType, text: value }],
  };
}
