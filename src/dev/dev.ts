/**
 * `mcpmux dev PLUGIN.ts`: the plugin author's loop. Serves that one plugin
 * (stdio by default, `--http` for the Inspector), watches it and the local
 * modules it imports, and on every save swaps to the new code and prints on
 * stderr what changed in its tools, prompts and resources, or why the new
 * code does not load (file:line:col), while the last good version serves.
 */
import { basename, resolve } from "node:path";
import type { Config } from "../config/schema.ts";
import type { World } from "../core/world.ts";
import { createHttpApp } from "../front/http-app.ts";
import { serveStream } from "../front/stream.ts";
import { serveHttp } from "../runtime/http-server.ts";
import { errorText } from "../log.ts";
import { createMux } from "../supervisor/mux.ts";
import type { ReloadOutcome } from "../supervisor/supervisor.ts";
import { describeCatalogChange } from "./catalog-change.ts";

export interface DevOptions {
  plugin: string;
  http: boolean;
  host: string;
  port: number;
}

const say = (line: string): void => void process.stderr.write(`mcpmux dev: ${line}\n`);

export async function runDev(options: DevOptions): Promise<void> {
  const plugin = resolve(options.plugin);
  const name = serverName(plugin);
  // No prefix: the author sees and calls the tools by the names the plugin gives them.
  const config: Config = { servers: { [name]: { plugin, cwd: process.cwd(), prefix: false } } };
  const mux = createMux(plugin, config, process.env, {
    load: () => Promise.resolve(config),
    watchConfig: false,
    onApplied: (outcome, before, after) => report(outcome, before, after),
  });
  await mux.hub.start();
  const first = mux.hub.world.pools.get(name)?.instances[0]?.lastError;
  if (first !== undefined) say(`${first} (waiting for the next save)`);
  else say(`serving ${plugin}: ${describeCatalogChange(undefined, mux.hub.world)}`);
  mux.supervisor.watch();
  const stop = async (): Promise<void> => {
    await mux.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  if (!options.http) {
    say("MCP on stdin/stdout; edit the plugin and save to reload");
    await serveStream(mux.port, process.stdin, process.stdout, "stdio");
    return stop();
  }
  let server;
  try {
    const front = createHttpApp(mux.port, options.host);
    server = await serveHttp(front.app.fetch, options.host, options.port);
  } catch (err) {
    // A host other machines reach needs a token (dev has none), or the port is taken.
    say(`cannot serve on http://${options.host}:${options.port}: ${errorText(err)}`);
    await mux.stop();
    process.exit(1);
  }
  say(
    `MCP at http://${options.host}:${server.port}/mcp (and /sse); edit the plugin and save to reload`,
  );
}

function report(outcome: ReloadOutcome, before: World, after: World): void {
  if (!outcome.ok) return say(`${outcome.summary}\n  the last good version keeps serving`);
  say(`reloaded: ${describeCatalogChange(before, after)}`);
}

/** A server name from the file name: letters, digits, '_' and '-'. */
function serverName(file: string): string {
  const stem = basename(file).replace(/\.[^.]+$/, "");
  return stem.replace(/[^A-Za-z0-9_-]/g, "-") || "plugin";
}
