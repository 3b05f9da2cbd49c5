/**
 * A client session over a byte stream pair carrying NDJSON: the stdio front
 * door, and each unix socket connection of the daemon. Malformed input gets
 * the JSON-RPC error the spec asks for (parse error, invalid request), or is
 * dropped with a log line when JSON-RPC wants no answer (a bad notification
 * or response); it is never fatal. A line over `maxMessageBytes` is refused
 * while it arrives, so it never sits in memory whole.
 */
import type { Readable, Writable } from "node:stream";
import type { FrontKind } from "../core/channel.ts";
import type { SessionPort } from "../core/session.ts";
import {
  checkShape,
  ErrorCode,
  errorResponse,
  tooLarge,
  type RpcMessage,
} from "../protocol/jsonrpc.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, frame, LineSplitter } from "../protocol/ndjson.ts";
import { Session } from "../core/session.ts";
import { errorText, logger } from "../log.ts";

const log = logger("front");

export interface StreamOptions {
  /** The largest line (one message) accepted, in bytes: the `maxMessageBytes` config key. */
  maxMessageBytes?: number;
}

export function serveStream(
  port: SessionPort,
  input: Readable,
  output: Writable,
  kind: FrontKind,
  options: StreamOptions = {},
): Promise<void> {
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const write = (message: RpcMessage): void => {
    if (output.writableEnded || output.destroyed) return;
    // A client that does not read its answers stops being read from, so
    // they cannot pile up here without bound.
    if (!output.write(frame(message)) && !input.isPaused()) {
      input.pause();
      output.once("drain", () => input.resume());
    }
  };
  const session = new Session(port, { kind, send: write });
  const onLine = (line: string): void => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      log.debug(`${kind} ${session.id}: a line that is not JSON (${line.length} chars)`);
      write(errorResponse(null, ErrorCode.ParseError, "Parse error: a line was not valid JSON"));
      return;
    }
    const checked = checkShape(value);
    if (!checked.ok) {
      log.debug(
        `${kind} ${session.id}: ${checked.reply === undefined ? "dropped " : ""}${checked.reason}`,
      );
      if (checked.reply !== undefined) write(checked.reply);
      return;
    }
    try {
      session.handle(checked.msg);
    } catch (err) {
      // One message must never end the session, let alone the process.
      log.error(`${kind} ${session.id}: a message failed: ${errorText(err)}`);
    }
  };
  const splitter = new LineSplitter(
    onLine,
    () => {
      log.warn(`${kind} ${session.id}: a message over maxMessageBytes (${maxBytes}) was dropped`);
      write(tooLarge(maxBytes, "maxMessageBytes"));
    },
    maxBytes,
  );
  return new Promise((resolve) => {
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      session.close();
      resolve();
    };
    input.on("data", (chunk: Buffer | string) => splitter.push(chunk));
    input.once("end", () => {
      splitter.flush();
      end();
    });
    input.once("close", end);
    input.once("error", end);
    output.once?.("error", end);
  });
}
