/**
 * Plugin servers end to end: mcpmux hosts test/fixtures/plugins/kitchen-sink.ts
 * in a plugin host process, and real SDK clients use it over Streamable
 * HTTP: lists, progress, cancellation, logging, sampling, elicitation, the
 * caller's identity, errors, prompts and resources. Then the host alone: a
 * plugin that cannot load says where in one stderr line and exits 78; a
 * plugin in a folder with no node_modules runs under Node and under Bun.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { httpClient, newClient, serve, type Served } from "../helpers/mux.ts";
import { CLI, ROOT, tempDir, TS_NODE } from "../helpers/paths.ts";
import { eventually } from "../helpers/proc.ts";
import { start, waitForText } from "../helpers/processes.ts";
import { initializeLine } from "../helpers/initialize.ts";

const KITCHEN_SINK = join(ROOT, "test/fixtures/plugins/kitchen-sink.ts");
const BUN = join(ROOT, "node_modules/.bin/bun");
const LOAD_ERROR_EXIT_CODE = 78;

type Capabilities = Parameters<typeof httpClient>[2];
type ToolResult = {
  content?: { type: string; text?: string }[];
  isError?: boolean;
  structuredContent?: unknown;
  _meta?: Record<string, unknown>;
};

/** Resolves as `promise` does, or fails the test after `ms`: no wait in a test is unbounded. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function textOf(result: unknown): string {
  const content = (result as ToolResult).content ?? [];
  return content.map((block) => block.text ?? "").join("");
}

describe("a plugin server behind mcpmux", { timeout: 180_000 }, () => {
  let mux: Served;
  const clients: Client[] = [];

  async function connect(name: string, capabilities: Capabilities = {}): Promise<Client> {
    const client = await httpClient(mux, name, capabilities);
    clients.push(client);
    return client;
  }

  const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name: `ks__${name}`, arguments: args })) as ToolResult;

  before(async () => {
    // One instance: `was_cancelled` must reach the process that saw the cancellation.
    // Its default of one call at a time (as for any stdio server) keeps each
    // sampling or elicitation request tied to exactly one session's call.
    mux = await serve({ servers: { ks: { plugin: KITCHEN_SINK, pool: { max: 1 } } } });
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  test("tools are listed under the server's prefix, with JSON Schemas from valibot and JSON Schema inputs", async () => {
    const client = await connect("lister");
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const name of ["progress", "wait_for_cancel", "sample", "elicit", "whoami", "fail", "add"])
      assert.ok(names.includes(`ks__${name}`), `ks__${name} in ${names.join(", ")}`);
    const repeat = tools.find((t) => t.name === "ks__repeat");
    assert.equal(repeat?.inputSchema.type, "object");
    assert.deepEqual(Object.keys(repeat?.inputSchema.properties ?? {}), ["text", "times"]);
    assert.deepEqual((repeat?.inputSchema.properties as Record<string, object>)["text"], {
      type: "string",
    });
    assert.deepEqual(repeat?.inputSchema.required, ["text", "times"]);
    const add = tools.find((t) => t.name === "ks__add");
    assert.deepEqual(add?.inputSchema.properties, {
      a: { type: "number" },
      b: { type: "number" },
    });
    const structured = tools.find((t) => t.name === "ks__structured");
    assert.equal(structured?.outputSchema?.type, "object");
  });

  test("progress reaches each caller, under its own progress token", async () => {
    const [a, b] = [await connect("progress-a"), await connect("progress-b")];
    const seen = { a: [] as number[], b: [] as number[] };
    const [ra, rb] = await Promise.all([
      a.callTool(
        { name: "ks__progress", arguments: { steps: 3 } },
        { onprogress: (p) => seen.a.push(p.progress) },
      ),
      b.callTool(
        { name: "ks__progress", arguments: { steps: 5 } },
        { onprogress: (p) => seen.b.push(p.progress) },
      ),
    ]);
    assert.equal(textOf(ra), "done after 3 steps");
    assert.equal(textOf(rb), "done after 5 steps");
    // The SDK client calls onprogress only for its own token: these arrived translated back.
    assert.deepEqual(seen.a, [1, 2, 3]);
    assert.deepEqual(seen.b, [1, 2, 3, 4, 5]);
  });

  test("a client cancelling its call aborts ctx.signal in the plugin", async () => {
    const client = await connect("canceller");
    const key = `cancel-${Date.now()}`;
    const abort = new AbortController();
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const outcome = client
      .callTool(
        { name: "ks__wait_for_cancel", arguments: { key } },
        { signal: abort.signal, onprogress: () => started() },
      )
      .then(
        () => "answered",
        () => "rejected",
      );
    await within(waiting, 10_000, "the plugin to report that its wait began");
    abort.abort("the test cancels");
    assert.equal(await outcome, "rejected");
    // Bounded poll: the cancellation reaches the plugin just after the client gives up.
    let answer = "";
    for (let i = 0; i < 50 && answer !== "true"; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      answer = textOf(await call(client, "was_cancelled", { key }));
    }
    assert.equal(answer, "true");
  });

  test("log messages reach the calling session only, at the level it asked for", async () => {
    const logs = new Map<string, { level: string; tag: string }[]>();
    const strays: string[] = [];
    const open = async (name: string, level: "debug" | "warning") => {
      const client = await connect(name);
      logs.set(name, []);
      client.setNotificationHandler("notifications/message", (n) => {
        const data = n.params.data as { tag?: string; level?: string };
        if (data.tag === name) logs.get(name)?.push({ level: String(data.level), tag: data.tag });
        else if (data.tag?.startsWith("log-") === true) strays.push(`${name} got ${data.tag}`);
        if (n.params._meta !== undefined)
          strays.push(`${name} saw _meta ${JSON.stringify(n.params._meta)}`);
      });
      await client.setLoggingLevel(level);
      return client;
    };
    const verbose = await open("log-verbose", "debug");
    const quiet = await open("log-quiet", "warning");
    assert.equal(textOf(await call(verbose, "log", { tag: "log-verbose" })), "logged");
    assert.equal(textOf(await call(quiet, "log", { tag: "log-quiet" })), "logged");
    // The plugin logs debug, info, warning, error in that order: once error is here, the rest came.
    const arrived = (name: string) =>
      eventually(
        () => logs.get(name) ?? [],
        (list) => list.some((m) => m.level === "error"),
        10_000,
      );
    assert.deepEqual(
      (await arrived("log-verbose")).map((m) => m.level),
      ["debug", "info", "warning", "error"],
    );
    assert.deepEqual(
      (await arrived("log-quiet")).map((m) => m.level),
      ["warning", "error"],
    );
    assert.deepEqual(strays, [], "another session's log lines, or mcpmux's tag, leaked");
  });

  test("sampling reaches only the client whose call asked for it", async () => {
    const asked = { a: 0, b: 0 };
    const open = async (who: "a" | "b") => {
      const client = await connect(`sampler-${who}`, { sampling: {} });
      client.setRequestHandler("sampling/createMessage", async (request) => {
        asked[who]++;
        const message = request.params.messages[0]?.content;
        const prompt = message !== undefined && "text" in message ? message.text : "";
        return {
          role: "assistant",
          model: `model-${who}`,
          content: { type: "text", text: `${who} answers ${prompt}` },
        };
      });
      return client;
    };
    const [a, b] = [await open("a"), await open("b")];
    const [ra, rb] = await Promise.all([
      call(a, "sample", { prompt: "one" }),
      call(b, "sample", { prompt: "two" }),
    ]);
    assert.equal(textOf(ra), "a answers one");
    assert.equal(textOf(rb), "b answers two");
    assert.deepEqual(asked, { a: 1, b: 1 });
  });

  test("elicitation reaches only the client whose call asked for it", async () => {
    const asked = { a: [] as string[], b: [] as string[] };
    const open = async (who: "a" | "b") => {
      const client = await connect(`eliciter-${who}`, { elicitation: {} });
      client.setRequestHandler("elicitation/create", async (request) => {
        asked[who].push(String(request.params.message));
        return { action: "accept", content: { answer: `${who}'s answer` } };
      });
      return client;
    };
    const [a, b] = [await open("a"), await open("b")];
    const [ra, rb] = await Promise.all([
      call(a, "elicit", { question: "for a?" }),
      call(b, "elicit", { question: "for b?" }),
    ]);
    assert.equal(textOf(ra), "accept: a's answer");
    assert.equal(textOf(rb), "accept: b's answer");
    assert.deepEqual(asked, { a: ["for a?"], b: ["for b?"] });
  });

  test("ctx.client is the calling client", async () => {
    const [alice, bob] = [await connect("alice-client"), await connect("bob-client")];
    const [ra, rb] = await Promise.all([call(alice, "whoami"), call(bob, "whoami")]);
    assert.equal(textOf(ra), "alice-client");
    assert.equal(textOf(rb), "bob-client");
  });

  test("a handler that throws gives an isError result with its message, and the host lives on", async () => {
    const client = await connect("thrower");
    const result = await call(client, "fail");
    assert.equal(result.isError, true);
    assert.match(textOf(result), /kitchen sink failed on purpose/);
    assert.equal(textOf(await call(client, "whoami")), "thrower");
  });

  test("bad arguments give an error that names the field", async () => {
    const client = await connect("bad-args");
    const wrongType = await call(client, "repeat", { text: "ab", times: "twice" });
    assert.equal(wrongType.isError, true);
    assert.match(textOf(wrongType), /times: .*Expected number/);
    const tooSmall = await call(client, "repeat", { text: "ab", times: 0 });
    assert.match(textOf(tooSmall), /times: .*>=1/);
    const missing = await call(client, "add", { a: 1 });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /required property 'b'/);
    assert.equal(textOf(await call(client, "add", { a: 1, b: 41 })), "42");
  });

  test("structuredContent and _meta in a result reach the client", async () => {
    const client = await connect("structured");
    const result = await call(client, "structured");
    assert.deepEqual(result.structuredContent, { sum: 3 });
    assert.equal(result._meta?.["example.com/trace"], "abc");
  });

  test("what a plugin prints goes to stderr, not into the MCP stream", async () => {
    const client = await connect("printer");
    assert.equal(textOf(await call(client, "print")), "printed");
    assert.equal(textOf(await call(client, "whoami")), "printer");
  });

  test("prompts, resources and resource templates", async () => {
    const client = await connect("reader");
    const { prompts } = await client.listPrompts();
    const review = prompts.find((p) => p.name === "ks__review");
    assert.deepEqual(review?.arguments, [
      { name: "code", description: "The code to review", required: true },
    ]);
    const prompt = await client.getPrompt({ name: "ks__review", arguments: { code: "x = 1" } });
    assert.deepEqual(prompt.messages[0]?.content, {
      type: "text",
      text: "Review this (for reader): x = 1",
    });
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === "ks://readme"));
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.uriTemplate === "ks://notes/{id}"));
    const readme = await client.readResource({ uri: "ks://readme" });
    assert.deepEqual(readme.contents, [
      { uri: "ks://readme", mimeType: "text/plain", text: "kitchen sink readme" },
    ]);
    const note = await client.readResource({ uri: "ks://notes/42" });
    assert.equal((note.contents[0] as { text?: string }).text, "note 42");
  });
});

/** Writes `source` as a plugin in a fresh folder with no node_modules: only mcpmux can supply its imports. */
function barePlugin(name: string, source: string[]): string {
  const file = join(tempDir("mcpmux-plugin-"), name);
  writeFileSync(file, source.join("\n"));
  return file;
}

const GREETER = [
  'import { definePlugin } from "mcpmux";',
  'import * as v from "valibot";',
  "export default definePlugin({",
  '  name: "greeter",',
  '  version: "1.0.0",',
  "  tools: {",
  "    greet: {",
  '      description: "Greets someone",',
  "      input: v.object({ name: v.string() }),",
  "      handler: ({ name }: { name: string }) => `Hello, ${name}`,",
  "    },",
  "  },",
  "});",
];

describe("the plugin host on its own", { timeout: 180_000 }, () => {
  /** Runs the host on `file` until it exits (bounded); stdin is closed at once. */
  function runHost(file: string, launcher: string[] = [...TS_NODE, CLI]) {
    const [command, ...pre] = launcher as [string, ...string[]];
    const run = spawnSync(command, [...pre, "__plugin-host", file], {
      cwd: ROOT,
      input: "",
      encoding: "utf8",
      timeout: 30_000,
      killSignal: "SIGKILL",
    });
    return {
      code: run.status,
      stdout: run.stdout,
      stderrLines: run.stderr.split("\n").filter(Boolean),
    };
  }

  test("a syntax error: one line with the file, line and column, and exit code 78", () => {
    const file = barePlugin("syntax.ts", [
      'import { definePlugin } from "mcpmux";',
      "export default definePlugin({",
      '  name: "broken" +,',
      "});",
    ]);
    const run = runHost(file);
    assert.equal(run.code, LOAD_ERROR_EXIT_CODE);
    assert.equal(run.stdout, "");
    assert.equal(run.stderrLines.length, 1, run.stderrLines.join("\n"));
    assert.match(run.stderrLines[0] ?? "", new RegExp(`^plugin load error: ${file}:3:\\d+: \\S`));
  });

  test("a throw while loading: the place in the plugin file it came from, and exit code 78", () => {
    const file = barePlugin("throws.ts", [
      'import { definePlugin } from "mcpmux";',
      "function mustHaveToken(): string {",
      '  throw new Error("PLUGIN_TOKEN is not set");',
      "}",
      "const token = mustHaveToken();",
      'export default definePlugin({ name: token, version: "1", tools: {} });',
    ]);
    const run = runHost(file);
    assert.equal(run.code, LOAD_ERROR_EXIT_CODE);
    assert.equal(run.stdout, "");
    assert.deepEqual(run.stderrLines.length, 1, run.stderrLines.join("\n"));
    assert.match(
      run.stderrLines[0] ?? "",
      new RegExp(`^plugin load error: ${file}:3:\\d+: PLUGIN_TOKEN is not set$`),
    );
  });

  test("an invalid definition: each problem with its path, and exit code 78", () => {
    const file = barePlugin("invalid.ts", [
      "export default {",
      '  name: "invalid",',
      '  version: "1",',
      '  tools: { greet: { description: "Greets", handler: "not a function" }, echo: { handler() {} } },',
      "};",
    ]);
    const run = runHost(file);
    assert.equal(run.code, LOAD_ERROR_EXIT_CODE);
    assert.equal(run.stderrLines.length, 1, run.stderrLines.join("\n"));
    const line = run.stderrLines[0] ?? "";
    assert.match(line, new RegExp(`^plugin load error: ${file}: invalid plugin definition: `));
    assert.match(line, /tools\.greet\.handler: expected a function/);
    assert.match(line, /tools\.echo\.description: is required/);
  });

  test("no default export: says so, exit code 78", () => {
    const file = barePlugin("no-default.ts", ["export const plugin = {};"]);
    const run = runHost(file);
    assert.equal(run.code, LOAD_ERROR_EXIT_CODE);
    assert.match(run.stderrLines[0] ?? "", /^plugin load error: .*: no default export/);
  });

  test("stdout carries only MCP messages, even when the plugin prints", async () => {
    const host = start(
      TS_NODE[0] as string,
      [...TS_NODE.slice(1), CLI, "__plugin-host", KITCHEN_SINK],
      {
        cwd: ROOT,
      },
    );
    let out = "";
    host.child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      const send = (message: object) => host.child.stdin?.write(`${JSON.stringify(message)}\n`);
      host.child.stdin?.write(initializeLine("raw"));
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "print", arguments: {} },
      });
      await waitForText(() => out, /"id":2/, 20_000);
      const lines = out.split("\n").filter((line) => line !== "");
      for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, "2.0", line);
      assert.match(host.stderr(), /this goes to stderr/);
      assert.match(host.stderr(), /so does this/);
    } finally {
      await host.stop();
    }
  });

  for (const [runtime, launcher] of [
    ["Node (tsx)", [...TS_NODE, CLI]],
    ["Bun", [BUN, CLI]],
  ] as const) {
    test(`under ${runtime}, a plugin in a folder with no node_modules serves over stdio`, async () => {
      const file = barePlugin("greeter.ts", GREETER);
      const [command, ...pre] = launcher;
      const client = newClient(`host-${runtime}`);
      await client.connect(
        new StdioClientTransport({
          command,
          args: [...pre, "__plugin-host", file],
          cwd: ROOT,
          stderr: "pipe",
        }),
      );
      try {
        assert.deepEqual(client.getServerVersion(), { name: "greeter", version: "1.0.0" });
        const result = await client.callTool({ name: "greet", arguments: { name: runtime } });
        assert.equal(textOf(result), `Hello, ${runtime}`);
        const bad = (await client.callTool({ name: "greet", arguments: {} })) as ToolResult;
        assert.equal(bad.isError, true);
        assert.match(textOf(bad), /name/);
      } finally {
        await client.close();
      }
    });
  }
});

describe("a plugin taking several calls at once", { timeout: 120_000 }, () => {
  let mux: Served;
  const clients: Client[] = [];
  before(async () => {
    mux = await serve({
      servers: { ks: { plugin: KITCHEN_SINK, pool: { max: 1, maxConcurrency: 4 } } },
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await mux.stop();
  });

  test("sampling from concurrent calls on one instance reaches each caller (the host says which call asks)", async () => {
    const open = async (who: string) => {
      const client = await httpClient(mux, `concurrent-${who}`, { sampling: {} });
      clients.push(client);
      client.setRequestHandler("sampling/createMessage", async (request) => {
        await new Promise((r) => setTimeout(r, 300)); // both calls are in flight at once
        const content = request.params.messages[0]?.content;
        const prompt = content !== undefined && "text" in content ? content.text : "";
        return {
          role: "assistant",
          model: who,
          content: { type: "text", text: `${who} answers ${prompt}` },
        };
      });
      return client;
    };
    const callers = await Promise.all(["a", "b", "c"].map(open));
    const replies = await Promise.all(
      callers.map((c, i) => c.callTool({ name: "ks__sample", arguments: { prompt: `q${i}` } })),
    );
    assert.deepEqual(
      replies.map((r) => (r.content as Array<{ text: string }>)[0]?.text),
      ["a answers q0", "b answers q1", "c answers q2"],
    );
  });
});
