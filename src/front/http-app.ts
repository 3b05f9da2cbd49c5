/**
 * The HTTP front door as a runtime-agnostic hono app: Streamable HTTP at
 * /mcp, legacy SSE at /sse with its message endpoint, behind the host guard,
 * the bearer token (when configured) and the body size limit; and the
 * mux's Prometheus metrics at /metrics; and the dashboard at / with its
 * live updates at /events.
 */
import { Hono } from "hono";
import type { SessionPort } from "../core/session.ts";
import { CONTENT_TYPE, type MetricsPort } from "../metrics/mux-metrics.ts";
import { bearerAuth } from "./auth.ts";
import { bodyLimit } from "./body-limit.ts";
import { DASHBOARD_PATHS, mountDashboard, type StatusPort } from "./dashboard-routes.ts";
import { allowedHostnames, hostGuard } from "./host-guard.ts";
import { rpcErrorResponse } from "./http-errors.ts";
import { refusal, type HttpFrontOptions } from "./http-options.ts";
import { SessionBudget } from "./session-budget.ts";
import { SseFront } from "./sse.ts";
import { StreamableHttpFront } from "./streamable-http.ts";
import {
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_MAX_SESSIONS,
  DEFAULT_HTTP_SESSION_IDLE_MS,
} from "../config/http.ts";

export interface HttpFront {
  app: Hono;
  /** Open sessions, Streamable HTTP and SSE together. */
  readonly sessions: number;
  close(): Promise<void>;
}

export type HttpAppOptions = Partial<Omit<HttpFrontOptions, "host" | "port">>;

/**
 * Throws when `bindHost` is reachable from other machines and no token is
 * given: callers check `refusal` first to say so cleanly.
 */
export function createHttpApp(
  port: SessionPort & MetricsPort & StatusPort,
  bindHost: string,
  options: HttpAppOptions = {},
): HttpFront {
  const refused = refusal({
    host: bindHost,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  if (refused !== undefined) throw new Error(refused);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_HTTP_MAX_BODY_BYTES;
  const budget = new SessionBudget(options.maxSessions ?? DEFAULT_HTTP_MAX_SESSIONS);
  const streamable = new StreamableHttpFront(port, {
    budget,
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_HTTP_SESSION_IDLE_MS,
  });
  const sse = new SseFront(port, "/message", budget);
  const app = new Hono();
  app.use("*", hostGuard(allowedHostnames(bindHost)));
  if (options.token !== undefined) app.use("*", bearerAuth(options.token, DASHBOARD_PATHS));
  app.use(
    "*",
    bodyLimit(maxBodyBytes, (drained) =>
      rpcErrorResponse(
        413,
        -32600,
        `Request body too large: the limit is ${maxBodyBytes} bytes (http.maxBodyBytes in the config)`,
        // A body left unread means the connection cannot carry another request.
        drained ? {} : { connection: "close" },
      ),
    ),
  );
  app.all("/mcp", (c) => streamable.handle(c.req.raw));
  app.get("/sse", (c) => sse.open(c));
  app.post("/message", (c) => sse.post(c));
  // Behind the host guard and the token like the rest: the metrics name servers, tools and clients.
  const { metrics } = port;
  if (metrics !== undefined)
    app.get("/metrics", async (c) =>
      c.body(await metrics(), 200, { "content-type": CONTENT_TYPE }),
    );
  // The dashboard, behind the same guard and token: it names servers, tools and clients too.
  const { status } = port;
  const closeDashboard = status === undefined ? undefined : mountDashboard(app, status);
  if (status === undefined)
    app.get("/", (c) => c.text("mcpmux: MCP at /mcp (Streamable HTTP) and /sse (legacy SSE)\n"));
  return {
    app,
    get sessions() {
      return budget.size;
    },
    close: async () => {
      sse.close();
      closeDashboard?.();
      await streamable.close();
    },
  };
}
