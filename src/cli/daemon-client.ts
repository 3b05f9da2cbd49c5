/**
 * Asking the daemon of a config something over its private unix socket:
 * one JSON-RPC request, its answer, or "nobody answered".
 */
import { createConnection } from "node:net";

const ANSWER_MS = 5000;

/**
 * One JSON-RPC request over the daemon's socket; undefined when no daemon
 * answers: nobody listens, or the daemon hung up first (it was stopping).
 */
export function ask(
  socketPath: string,
  method: string,
  answerMs = ANSWER_MS,
): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffer = "";
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`the daemon did not answer ${method} within ${answerMs} ms`)),
        ),
      answerMs,
    );
    socket.once("error", () => settle(() => resolve(undefined)));
    socket.once("close", () => settle(() => resolve(undefined)));
    socket.once("connect", () =>
      socket.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method })}\n`),
    );
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const reply = parseReply(line);
        if (reply === undefined) continue; // a notice (the daemon is stopping), not the answer
        if (reply.error !== undefined) settle(() => reject(new Error(reply.error?.message)));
        else settle(() => resolve(reply.result ?? {}));
      }
    });
  });
}

interface Reply {
  id?: unknown;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** The answer to request 1, or undefined for any other line. */
function parseReply(line: string): Reply | undefined {
  try {
    const message = JSON.parse(line) as Reply;
    return message.id === 1 ? message : undefined;
  } catch {
    return undefined;
  }
}
