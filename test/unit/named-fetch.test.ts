import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { test } from "node:test";
import { namedFetch } from "../../src/upstream/named-fetch.ts";

test("a fetch that fails names the URL and the reason undici hides in its cause", async () => {
  const refused = namedFetch(async () => {
    throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") });
  });
  await assert.rejects(refused("http://127.0.0.1:1/mcp"), {
    message: "cannot reach http://127.0.0.1:1/mcp: connect ECONNREFUSED 127.0.0.1:1",
  });
});

test("a real refused connection is named too, with the system's reason", async () => {
  // A port this test held a moment ago: nothing listens there now.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await assert.rejects(namedFetch()(`http://127.0.0.1:${port}/mcp`), {
    message: new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}/mcp: .*ECONNREFUSED`),
  });
});

test("an abort is passed on as it is, not dressed as a network failure", async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(namedFetch()("http://127.0.0.1:1/mcp", { signal: controller.signal }), {
    name: "AbortError",
  });
});
