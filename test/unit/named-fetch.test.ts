import assert from "node:assert/strict";
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

test("a real refused connection is named too", async () => {
  // Port 1 on loopback: nothing listens there, and it is not one fetch refuses to try.
  await assert.rejects(
    namedFetch()("http://127.0.0.1:1/mcp"),
    /cannot reach http:\/\/127\.0\.0\.1:1\/mcp: \S/,
  );
});

test("an abort is passed on as it is, not dressed as a network failure", async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(namedFetch()("http://127.0.0.1:1/mcp", { signal: controller.signal }), {
    name: "AbortError",
  });
});
