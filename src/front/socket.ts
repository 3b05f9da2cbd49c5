/**
 * The daemon's unix socket: every connection is one client session (a shim,
 * or `mcpmux status`), framed as NDJSON like stdio. The socket file is made
 * private (0600) in a private directory.
 */
import { chmodSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import type { SessionPort } from "../core/session.ts";
import { serveStream } from "./stream.ts";

/** True if something answers on the socket (a live daemon), false if nobody does. */
export function socketAnswers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * `maxMessageBytes` is read for each new connection, so a reloaded config
 * applies to the sessions that start after it.
 */
export async function listenSocket(
  port: SessionPort,
  path: string,
  maxMessageBytes: () => number | undefined = () => undefined,
): Promise<Server> {
  const server = createServer((socket) => {
    socket.on("error", () => socket.destroy());
    const limit = maxMessageBytes();
    void serveStream(
      port,
      socket,
      socket,
      "socket",
      limit === undefined ? {} : { maxMessageBytes: limit },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return server;
}

export function closeSocket(server: Server, path: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    rmSync(path, { force: true });
  });
}
