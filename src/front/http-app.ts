/**
 * The HTTP front door as a runtime-agnostic hono app: Streamable HTTP at
 * /mcp, legacy SSE at /sse with its message endpoint, behind the host guard.
 */
import { Hono } from "hono";
import type { SessionPort } from "../core/session.ts";
import { allowedHostnames, hostGuard } from "./host-guard.ts";
import { SseFront } from "./sse.ts";
import { StreamableHttpFront } from "./streamable-http.ts";

export interface HttpFront {
  app: Hono;
  close(): Promise<void>;
}

export function createHttpApp(port: SessionPort, bindHost: string): HttpFront {
  const streamable = new StreamableHttpFront(port);
  const sse = new SseFront(port, "/message");
  const app = new Hono();
  app.use("*", hostGuard(allowedHostnames(bindHost)));
  app.all("/mcp", (c) => streamable.handle(c.req.raw));
  app.get("/sse", (c) => sse.open(c));
  app.post("/message", (c) => sse.post(c));
  app.get("/", (c) => c.text("mcpmux: MCP at /mcp (Streamable HTTP) and /sse (legacy SSE)\n"));
  return {
    app,
    close: async () => {
      sse.close();
      await streamable.close();
    },
  };
}
