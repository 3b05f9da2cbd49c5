/**
 * GET /events: the status report as server-sent events, once a second,
 * until the client goes away. Each tick sends a "status" event (the report
 * as JSON, for any script) and an "html" event (the dashboard's fragment,
 * which the page swaps in), so the browser never re-implements the renderer.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { StatusReport } from "../core/status.ts";
import { renderFragment } from "./dashboard-render.ts";

export const DASHBOARD_TICK_MS = 1000;

/**
 * `closing` ends the stream from our side (the front closing): a server
 * that waits for open responses on shutdown would otherwise wait forever.
 */
export function statusEvents(
  c: Context,
  status: () => StatusReport,
  closing: AbortSignal,
  tickMs = DASHBOARD_TICK_MS,
): Response {
  return streamSSE(c, async (stream) => {
    // The pending sleep is cut short on abort, so a closed tab leaves no timer behind.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: (() => void) | undefined;
    const stop = (): void => {
      clearTimeout(timer);
      wake?.();
    };
    stream.onAbort(stop);
    closing.addEventListener("abort", stop, { once: true });
    const done = (): boolean => stream.aborted || closing.aborted;
    try {
      await loop();
    } finally {
      closing.removeEventListener("abort", stop);
    }

    async function loop(): Promise<void> {
      while (!done()) {
        const report = status();
        await stream.writeSSE({ event: "status", data: JSON.stringify(report) });
        await stream.writeSSE({ event: "html", data: renderFragment(report) });
        if (done()) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, tickMs);
        });
      }
    }
  });
}
