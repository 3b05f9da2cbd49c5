/** `mcpmux init` and `mcpmux import` write configs that check, type-check and run. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { stdioClient } from "../helpers/mux.ts";
import { CLI, ROOT, tempDir, TS_NODE } from "../helpers/paths.ts";

const run = promisify(execFile);
const [node, ...pre] = TS_NODE as [string, ...string[]];
const mcpmux = (cwd: string, ...args: string[]) =>
  run(node, [...pre, CLI, ...args], { cwd, timeout: 60_000 });

test("init writes a starter config that checks, type-checks against its mcpmux.d.ts, and refuses to overwrite", async () => {
  const dir = tempDir("mcpmux-init-");
  const { stdout } = await mcpmux(dir, "init");
  assert.match(stdout, /wrote .*mcp\.config\.ts/);
  assert.match(stdout, /"mcpServers"/);
  assert.match(stdout, /claude mcp add mcpmux -- .* stdio --config .*mcp\.config\.ts/);
  assert.match((await mcpmux(dir, "check")).stdout, /ok, 2 server\(s\): memory, hello/);
  assert.equal(
    readFileSync(join(dir, "plugins/hello.ts"), "utf8"),
    readFileSync(join(ROOT, "plugins/hello.ts"), "utf8"),
    "init writes the repository's example plugin",
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: "esnext",
        moduleResolution: "bundler",
        types: [],
      },
      files: ["mcp.config.ts"],
    }),
  );
  await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], {
    timeout: 60_000,
  });
  writeFileSync(
    join(dir, "mcp.config.ts"),
    readFileSync(join(dir, "mcp.config.ts"), "utf8").replace('command: "npx"', "command: 42"),
  );
  await assert.rejects(
    run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], {
      timeout: 60_000,
    }),
    (err: { stdout?: string }) =>
      /Type 'number' is not assignable to type 'string'/.test(err.stdout ?? ""),
  );
  await assert.rejects(mcpmux(dir, "init"), /exists; pass --force/);
});

test("the plugin init writes serves its tool from a folder with no node_modules", async () => {
  const dir = tempDir("mcpmux-init-");
  await mcpmux(dir, "init");
  const client = await stdioClient(
    { servers: { hello: { plugin: join(dir, "plugins/hello.ts") } } },
    "init-plugin",
  );
  try {
    const reply = await client.callTool({ name: "hello__greet", arguments: { name: "Ada" } });
    assert.deepEqual(reply.content, [{ type: "text", text: "Hello, Ada." }]);
  } finally {
    await client.close();
  }
});

test("import converts a ~/.claude.json (with projects) into an equivalent config", async () => {
  const dir = tempDir("mcpmux-import-");
  const source = join(dir, "claude.json");
  writeFileSync(
    source,
    JSON.stringify({
      mcpServers: {
        "my memory": {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-memory"],
          env: { MEMORY_FILE_PATH: "/tmp/m.jsonl" },
        },
        remote: {
          type: "http",
          url: "https://mcp.example.com/mcp",
          headers: { Authorization: "Bearer x" },
        },
        legacy: { type: "sse", url: "https://mcp.example.com/sse" },
        self: { command: "/usr/local/bin/mcpmux", args: ["stdio"] },
      },
      projects: {
        "/src/app": {
          mcpServers: {
            fs: { command: "npx", args: ["@modelcontextprotocol/server-filesystem", "/src/app"] },
          },
        },
      },
    }),
  );
  const { stdout, stderr } = await mcpmux(dir, "import", source);
  assert.match(stdout, /with 4 server\(s\): my-memory, remote, legacy, fs/);
  assert.match(stderr, /skipped self: it is mcpmux itself/);
  const config = readFileSync(join(dir, "mcp.config.ts"), "utf8");
  assert.match(
    config,
    /^ {4}legacy: \{\n {6}url: "https:\/\/mcp\.example\.com\/sse",\n {6}transport: "sse",\n {4}\},$/m,
  );
  assert.match(
    (await mcpmux(dir, "check")).stdout,
    /ok, 4 server\(s\): my-memory, remote, legacy, fs/,
  );
});
