/**
 * The machine as preflight sees it: files, permissions, and whether a port
 * can be bound. Read-only but for the port, which is bound and closed at
 * once (the only way to know it is free), with a deadline.
 */
import { accessSync, constants, statSync } from "node:fs";
import { createServer } from "node:net";
import type { ListenResult, PreflightSystem } from "./preflight.ts";

const LISTEN_DEADLINE_MS = 3000;

export const systemView: PreflightSystem = {
  kind(path) {
    try {
      const stat = statSync(path);
      return stat.isFile() ? "file" : stat.isDirectory() ? "directory" : "other";
    } catch {
      return "missing";
    }
  },
  executable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  listenable(host, port) {
    return new Promise<ListenResult>((resolve) => {
      const server = createServer();
      // A listen that completes after the deadline (a slow lookup of the
      // host) must not keep `check` alive: unref'd, and closed when it does.
      server.unref();
      let settled = false;
      const finish = (result: ListenResult) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(result);
        }
        if (server.listening) server.close();
      };
      const timer = setTimeout(
        () => finish({ error: `no answer within ${LISTEN_DEADLINE_MS} ms` }),
        LISTEN_DEADLINE_MS,
      );
      server.once("error", (err: NodeJS.ErrnoException) => finish(listenError(err)));
      server.listen({ host, port, exclusive: true }, () => finish("free"));
    });
  },
};

function listenError(err: NodeJS.ErrnoException): ListenResult {
  if (err.code === "EADDRINUSE") return "in-use";
  if (err.code === "EACCES" || err.code === "EPERM") return "denied";
  if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" || err.code === "EAI_AGAIN")
    return "no-such-address";
  return { error: err.message };
}
