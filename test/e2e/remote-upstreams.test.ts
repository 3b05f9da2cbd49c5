/**
 * Upstreams reached by URL: mcpmux in front of another MCP server over
 * Streamable HTTP and over legacy SSE (here, a second mcpmux fronting the
 * probe server), with progress and ids kept straight across both hops.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers, single } from "../helpers/paths.ts";
import { RawSession, reported } from "../helpers/raw-session.ts";

let inner: Served;
let outer: Served;
let session: RawSession;

before(async () => {
  inner = await serve({ servers: { probe: single(servers.probe()) } });
  outer = await serve({
    servers: {
      viahttp: { url: `${inner.url}/mcp` },
      viasse: { url: `${inner.url}/sse`, transport: "sse" },
    },
  });
  session = await RawSession.open(outer.url, "http");
});

after(async () => {
  await session.close().catch(() => undefined);
  await outer.stop();
  await inner.stop();
});

for (const prefix of ["viahttp", "viasse"]) {
  test(`a ${prefix} upstream lists, calls and reports progress through both hops`, async () => {
    const list = await session.request(`${prefix}-list`, "tools/list");
    const names = (list.result?.["tools"] as Array<{ name: string }>).map((t) => t.name);
    assert.ok(names.includes(`${prefix}__probe__whoami`), names.join(", "));
    const r = await session.request(`${prefix}-call`, "tools/call", {
      name: `${prefix}__probe__sleep`,
      arguments: { ms: 200 },
      _meta: { progressToken: `${prefix}-token` },
    });
    assert.deepEqual(reported(r), { slept: 200 });
    const progress = session
      .notifications("notifications/progress")
      .filter((m) => m.params?.["progressToken"] === `${prefix}-token`);
    assert.ok(progress.length >= 1, "progress crossed both proxies");
  });
}
