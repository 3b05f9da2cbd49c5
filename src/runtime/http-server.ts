/**
 * Serves a fetch handler on the runtime's own HTTP server: @hono/node-server
 * on Node, Bun.serve on Bun, Deno.serve on Deno.
 */
import { runtimeName } from "./detect.ts";

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

type FetchHandler = (request: Request) => Response | Promise<Response>;

export async function serveHttp(
  fetch: FetchHandler,
  host: string,
  port: number,
): Promise<RunningServer> {
  const runtime = runtimeName();
  if (runtime === "bun") {
    const bun = (
      globalThis as unknown as {
        Bun: { serve(o: object): { port: number; stop(force?: boolean): void } };
      }
    ).Bun;
    // idleTimeout 0: SSE streams stay open as long as the client wants.
    const server = bun.serve({ fetch, hostname: host, port, idleTimeout: 0 });
    return { port: server.port, close: async () => server.stop(true) };
  }
  if (runtime === "deno") {
    type DenoServer = { finished: Promise<void>; shutdown(): Promise<void> };
    const deno = (
      globalThis as unknown as { Deno: { serve(o: object, h: FetchHandler): DenoServer } }
    ).Deno;
    let bound = port;
    let closeDeno: () => Promise<void> = async () => undefined;
    const listening = new Promise<void>((resolve) => {
      const server = deno.serve(
        {
          hostname: host,
          port,
          onListen: (addr: { port: number }) => ((bound = addr.port), resolve()),
        },
        fetch,
      );
      closeDeno = () => server.shutdown();
    });
    await listening;
    return { port: bound, close: () => closeDeno() };
  }
  const { serve } = await import("@hono/node-server");
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once("error", reject);
  });
}
