/**
 * The daemon's own lifecycle: with an `http` section it serves HTTP clients
 * beside the shims, and it stops by itself (servers included) once no
 * session has been connected for `daemon.idleTimeout`.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { after, test } from "node:test";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { FROM_SOURCES, newClient, stdioTransport } from "../helpers/mux.ts";
import { servers, tempDir, writeConfig } from "../helpers/paths.ts";
import { eventually, killAll, processesWithMarker, isolatedEnv } from "../helpers/proc.ts";
import { locate } from "../../src/daemon/locations.ts";

const marker = `mcpmux-test-${randomUUID()}`;
const env = isolatedEnv(marker);

after(() => killAll(marker));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === "object" && address !== null ? address.port : 0),
      );
    });
  });
}

test("a daemon with an http section serves HTTP sessions beside shims, then stops when idle", async () => {
  const port = await freePort();
  const config = writeConfig({
    servers: { probe: servers.probe() },
    http: { host: "127.0.0.1", port },
    daemon: { idleTimeout: 1500 },
  });
  const shim = newClient("shim");
  await shim.connect(stdioTransport(config, FROM_SOURCES, { standalone: false, env }));
  const http = newClient("http");
  const httpTransport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`));
  await http.connect(httpTransport);
  const [a, b] = await Promise.all([
    shim.callTool({ name: "probe__whoami", arguments: { via: "shim" } }),
    http.callTool({ name: "probe__whoami", arguments: { via: "http" } }),
  ]);
  const pidOf = (r: unknown) => (r as { structuredContent: { pid: number } }).structuredContent.pid;
  assert.equal(pidOf(a), pidOf(b), "one server process serves both");
  // An HTTP session ends when its client ends it (DELETE); a shim's with its process.
  await httpTransport.terminateSession();
  await http.close();
  await shim.close();
  const where = locate(config, env);
  const left = await eventually(
    () => processesWithMarker(marker).filter((p) => !p.cmdline.startsWith("/bin/sh")),
    (p) => p.length === 0,
    15_000,
  );
  assert.deepEqual(left, [], "the idle daemon and its server are gone");
  assert.equal(existsSync(where.socket), false, "the socket is removed");
});
