/**
 * Servers known to keep conversation state in their process (a memory
 * graph, a browser): pooled as `shared` with more than one instance, a
 * session's next call may reach another process that never saw its state.
 * `mcpmux check` warns about them; it is a hint, not an error.
 */
import type { Config } from "./schema.ts";
import type { ConfigProblem } from "../validation/problems.ts";

const KNOWN_STATEFUL = /server-memory|puppeteer|playwright|browser/i;

export function statefulWarnings(config: Config, maxOf: (name: string) => number): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  for (const [name, server] of Object.entries(config.servers)) {
    if (server.disabled === true || (server.share ?? "shared") !== "shared") continue;
    const what = [server.command ?? "", ...(server.args ?? [])].join(" ");
    if (!KNOWN_STATEFUL.test(what) || maxOf(name) <= 1) continue;
    warnings.push({
      path: `servers.${name}`,
      message: `it keeps state in its process, but may run ${maxOf(name)} instances shared by every session`,
      hint: 'set pool: { max: 1 }, or share: "affinity" (or "session")',
    });
  }
  return warnings;
}
