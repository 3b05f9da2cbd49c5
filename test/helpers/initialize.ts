/** The `initialize` a test or benchmark client sends: one shape, for raw NDJSON, HTTP and in-process clients. */
export const TEST_PROTOCOL_VERSION = "2025-11-25";

export function initializeParams(name: string, capabilities: Record<string, unknown> = {}) {
  return {
    protocolVersion: TEST_PROTOCOL_VERSION,
    capabilities,
    clientInfo: { name, version: "1" },
  };
}

/** An `initialize` request as one NDJSON line (stdio, a unix socket). */
export function initializeLine(name: string, id: number | string = 1): string {
  return `${JSON.stringify({ jsonrpc: "2.0", id, method: "initialize", params: initializeParams(name) })}\n`;
}
