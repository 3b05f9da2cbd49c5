/**
 * Real servers from npm (server-everything, server-memory) behind one mcpmux,
 * reached by the SDK client over each front door: stdio, Streamable HTTP and SSE.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/client";
import { httpClient, serve, sseClient, stdioClient, type Served } from "../helpers/mux.ts";
import { servers, tempDir, single } from "../helpers/paths.ts";

const config = () => ({
  servers: {
    everything: servers.everything(),
    memory: single(servers.memory(join(tempDir(), "memory.jsonl"))),
  },
});

let mux: Served;
const clients: Client[] = [];

before(async () => {
  mux = await serve(config());
});

after(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await mux.stop();
});

const connect: Record<string, () => Promise<Client>> = {
  stdio: () => stdioClient(config(), "stdio-test"),
  http: () => httpClient(mux, "http-test"),
  sse: () => sseClient(mux, "sse-test"),
};

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? "").join("\n");
}

for (const [kind, open] of Object.entries(connect)) {
  describe(`SDK client over ${kind}`, () => {
    let client: Client;
    before(async () => {
      client = await open();
      clients.push(client);
    });

    test("tools of both servers are listed under their server's prefix and callable by that name", async () => {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      assert.ok(names.includes("everything__echo"), names.join(", "));
      assert.ok(names.includes("memory__create_entities"), names.join(", "));
      assert.ok(
        names.every((n) => /^[A-Za-z0-9_.-]{1,64}$/.test(n)),
        "every name is a valid tool name",
      );
      const echo = await client.callTool({
        name: "everything__echo",
        arguments: { message: `hi over ${kind}` },
      });
      assert.equal(textOf(echo), `Echo: hi over ${kind}`);
    });

    test("a stateful server keeps what any session stored (shared policy)", async () => {
      const entity = `entity-${kind}`;
      await client.callTool({
        name: "memory__create_entities",
        arguments: { entities: [{ name: entity, entityType: "test", observations: ["seen"] }] },
      });
      const graph = await client.callTool({ name: "memory__read_graph", arguments: {} });
      assert.match(JSON.stringify(graph), new RegExp(entity));
    });

    test("prompts, resources, templates and completion route to their server", async () => {
      const { prompts } = await client.listPrompts();
      assert.ok(prompts.some((p) => p.name === "everything__simple-prompt"));
      const prompt = await client.getPrompt({
        name: "everything__args-prompt",
        arguments: { city: "Lyon" },
      });
      assert.match(JSON.stringify(prompt.messages), /Lyon/);
      const { resources } = await client.listResources();
      const first = resources[0];
      assert.ok(first !== undefined, "server-everything lists resources");
      const read = await client.readResource({ uri: first.uri });
      assert.equal(read.contents[0]?.uri, first.uri);
      const { resourceTemplates } = await client.listResourceTemplates();
      const template = resourceTemplates.find((t) => t.uriTemplate.includes("{"));
      assert.ok(template !== undefined);
      const completion = await client.complete({
        ref: { type: "ref/prompt", name: "everything__completable-prompt" },
        argument: { name: "department", value: "Eng" },
      });
      assert.deepEqual(completion.completion.values, ["Engineering"]);
    });

    test("an unknown tool is a prompt JSON-RPC error, not a hang", async () => {
      const started = Date.now();
      await assert.rejects(
        client.callTool({ name: "everything__nope", arguments: {} }),
        /Unknown tool/,
      );
      assert.ok(Date.now() - started < 5000);
    });
  });
}
