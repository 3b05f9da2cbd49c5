/**
 * The dashboard's routes on the HTTP app: GET / (the page, server-rendered)
 * and GET /events (its live updates). Mounted only when the port can give a
 * status report; without one, / stays the one-line pointer to /mcp and /sse.
 */
import type { Hono } from "hono";
import type { StatusReport } from "../core/status.ts";
import { statusEvents } from "./dashboard-events.ts";
import { renderPage } from "./dashboard-render.ts";

/** What the HTTP front needs for the dashboard; the mux's port has it. */
export interface StatusPort {
  status?: () => StatusReport;
}

/** The paths where `?token=` may stand in for the Authorization header (EventSource cannot set one). */
export const DASHBOARD_PATHS: readonly string[] = ["/", "/events"];

/** Mounts the routes; the returned function ends every open /events stream (the front closing). */
export function mountDashboard(app: Hono, status: () => StatusReport): () => void {
  const closing = new AbortController();
  // A status page must never be served from a cache, nor framed by another site.
  const headers = { "cache-control": "no-store", "x-frame-options": "DENY" };
  app.get("/", (c) => c.html(renderPage(status()), 200, headers));
  app.get("/events", (c) => statusEvents(c, status, closing.signal));
  return () => closing.abort();
}
