/**
 * A limit on request body size. A body over it, declared or streamed, is
 * read and dropped (up to a bound; past it the connection is closed) before
 * the refusal, so the client gets its 413 and the connection stays usable
 * for the next request instead of being reset under another one.
 */
import type { MiddlewareHandler } from "hono";

/** Past this many dropped bytes an oversized body is not drained: the connection is closed. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export function bodyLimit(
  maxBytes: number,
  refuse: (drained: boolean) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    if (request.body === null) return next();
    const declared = request.headers.get("content-length");
    if (declared !== null && !request.headers.has("transfer-encoding")) {
      const length = Number(declared);
      if (length <= maxBytes) return next();
      // Read and drop it all the same: an unread body left on a kept-alive
      // connection breaks the next request that shares it.
      if (length > MAX_DRAIN_BYTES) return refuse(false);
      return refuse(await drain(request.body.getReader(), 0));
    }
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return refuse(await drain(reader, size - maxBytes));
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(request, { body });
    await next();
    return undefined;
  };
}

/** Reads and drops the rest of a body; false when it was too much to drain (then cancelled). */
async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  over: number,
): Promise<boolean> {
  let dropped = over;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      dropped += value.byteLength;
      if (dropped > MAX_DRAIN_BYTES) {
        await reader.cancel().catch(() => undefined);
        return false;
      }
    }
  } catch {
    return false;
  }
}
