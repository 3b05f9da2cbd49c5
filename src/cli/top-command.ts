/**
 * `mcpmux top`: the daemon's servers, instances and per-tool analytics,
 * redrawn in place every second, like top(1). `--once` prints one frame
 * and exits (for scripts, and when stdout is not a terminal, where
 * redrawing would only pile frames up). Ctrl-C ends it.
 */
import type { StatusReport } from "../core/status.ts";
import { locate } from "../daemon/locations.ts";
import { notRunning } from "./control-commands.ts";
import { ask } from "./daemon-client.ts";
import { EXIT } from "./exit-codes.ts";
import { formatStatus, formatTools } from "./status-format.ts";

const REFRESH_MS = 1000;
/** Cursor home, clear the screen: one frame replaces the last. */
const CLEAR = "\x1b[H\x1b[2J";

function frame(file: string, report: StatusReport, now: Date): string {
  return `mcpmux top: ${file}, ${now.toISOString()} (Ctrl-C to quit)\n\n${formatStatus(report)}\n${formatTools(report)}`;
}

export async function runTop(file: string, once: boolean): Promise<void> {
  const { socket } = locate(file, process.env);
  const live = !once && process.stdout.isTTY === true;
  for (;;) {
    const report = await ask(socket, "mcpmux/status");
    if (report === undefined) {
      process.stderr.write(notRunning(file));
      process.exit(EXIT.notRunning);
    }
    const text = frame(file, report as unknown as StatusReport, new Date());
    process.stdout.write(live ? `${CLEAR}${text}` : text);
    if (!live) return;
    await new Promise((r) => setTimeout(r, REFRESH_MS));
  }
}
