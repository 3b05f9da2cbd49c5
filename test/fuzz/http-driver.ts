/** POSTing generated bodies to an HTTP front and reading what comes back, as JSON or as SSE. */
import { expectFor, type Expect, type Reply } from "./inputs.ts";

/** What the HTTP fronts must answer to one body (undefined: a batch, answered by the SDK's own rules). */
export function expectForBody(
  bytes: Buffer,
  maxBodyBytes: number,
  batches: "sdk" | "refused",
): Expect[] | undefined {
  if (bytes.length > maxBodyBytes) return [{ kind: "error", code: -32600, id: null }];
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [{ kind: "error", code: -32700, id: null }];
  }
  if (Array.isArray(value) && value.length > 0 && batches === "sdk") return undefined;
  return expectFor(value);
}

/** The JSON-RPC messages in a response body: JSON (one or a batch) or an SSE stream of them. */
export function messagesIn(contentType: string | null, text: string): Reply[] {
  if (text.trim() === "") return [];
  if (contentType?.includes("text/event-stream")) {
    return text
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => JSON.parse(l.slice(5).trim()) as Reply);
  }
  const value = JSON.parse(text) as Reply | Reply[];
  return Array.isArray(value) ? value : [value];
}

export interface Posted {
  status: number;
  replies: Reply[];
}

/** POSTs every body, `concurrency` at a time; each within a bound (a hang fails). */
export async function postAll(
  url: string,
  headers: Record<string, string>,
  bodies: Buffer[],
  concurrency = 8,
): Promise<Posted[]> {
  const results: Posted[] = new Array(bodies.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const at = next++;
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers,
          body: new Uint8Array(bodies[at]!),
          signal: AbortSignal.timeout(20_000),
        });
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause;
        throw new Error(
          `POST of ${bodies[at]!.length} bytes (${bodies[at]!.toString("utf8").slice(0, 80)}) failed: ${String(err)} ${String(cause)}`,
        );
      }
      const text = await response.text();
      let replies: Reply[];
      if (response.status === 202) {
        // Accepted: whatever body it has (SSE's "Accepted") is not JSON-RPC.
        results[at] = { status: 202, replies: [] };
        continue;
      }
      try {
        replies = messagesIn(response.headers.get("content-type"), text);
      } catch {
        replies = [{ jsonrpc: "not json", id: text.slice(0, 200) }];
      }
      results[at] = { status: response.status, replies };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
