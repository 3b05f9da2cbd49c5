/**
 * A client session over a byte stream pair carrying NDJSON: the stdio front
 * door (and, later, each unix socket connection). Malformed input is answered
 * with a JSON-RPC error, never dropped silently and never fatal.
 */
import type { Readable, Writable } from "node:stream";
import type { FrontKind } from "../core/channel.ts";
import type { SessionPort } from "../core/session.ts";
import { checkShape, ErrorCode, errorResponse, type RpcMessage } from "../protocol/jsonrpc.ts";
import { frame, LineSplitter } from "../protocol/ndjson.ts";
import { Session } from "../core/session.ts";

export function serveStream(
  port: SessionPort,
  input: Readable,
  output: Writable,
  kind: FrontKind,
): Promise<void> {
  const write = (message: RpcMessage): void => {
    if (!output.writableEnded && !output.destroyed) output.write(frame(message));
  };
  const session = new Session(port, { kind, send: write });
  const splitter = new LineSplitter(
    (line) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        write(errorResponse(null, ErrorCode.ParseError, "Parse error: a line was not valid JSON"));
        return;
      }
      const checked = checkShape(value);
      if (checked.ok) session.handle(checked.msg);
      else write(checked.reply);
    },
    () => write(errorResponse(null, ErrorCode.InvalidRequest, "message too large")),
  );
  return new Promise((resolve) => {
    const end = (): void => {
      session.close();
      resolve();
    };
    input.on("data", (chunk: Buffer | string) => splitter.push(chunk));
    input.once("end", end);
    input.once("close", end);
    input.once("error", end);
    output.once?.("error", end);
  });
}
