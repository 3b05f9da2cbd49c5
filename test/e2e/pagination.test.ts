/** Aggregated lists page across servers with an opaque cursor when `pageSize` is set. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { serve, type Served } from "../helpers/mux.ts";
import { servers } from "../helpers/paths.ts";
import { RawSession } from "../helpers/raw-session.ts";

let mux: Served;
let session: RawSession;

before(async () => {
  mux = await serve({
    servers: { probe: servers.probe(), everything: servers.everything() },
    pageSize: 4,
  });
  session = await RawSession.open(mux.url, "http");
});

after(async () => {
  await session.close().catch(() => undefined);
  await mux.stop();
});

test("following nextCursor yields every tool of every server once, in pages of pageSize", async () => {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const r = await session.request(
      `page-${page}`,
      "tools/list",
      cursor === undefined ? {} : { cursor },
    );
    const tools = (r.result?.["tools"] as Array<{ name: string }>).map((t) => t.name);
    cursor = r.result?.["nextCursor"] as string | undefined;
    assert.ok(tools.length <= 4);
    if (cursor !== undefined) assert.equal(tools.length, 4);
    names.push(...tools);
    if (cursor === undefined) break;
  }
  assert.equal(cursor, undefined, "the last page has no cursor");
  assert.equal(new Set(names).size, names.length, "no tool twice");
  assert.ok(names.includes("probe__whoami") && names.includes("everything__echo"));
  assert.ok(names.filter((n) => n.startsWith("probe__")).length >= 10);
  const bad = await session.request("bad", "tools/list", { cursor: "bm90IG91cnM" });
  assert.equal((bad.error as { code: number }).code, -32602);
});
