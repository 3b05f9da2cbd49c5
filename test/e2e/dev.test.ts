/**
 * `mcpmux dev PLUGIN.ts`, the plugin author's loop: it serves the plugin on
 * stdio under its own tool names, and on each save says what changed (or
 * where the new code broke) while the last good code keeps answering.
 */
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { CLI, ROOT, tempDir, TS_NODE } from "../helpers/paths.ts";
import { waitForText } from "../helpers/processes.ts";

test("dev serves a plugin, reloads it on save and says what changed or why it broke", async () => {
  const dir = tempDir();
  const plugin = join(dir, "hello.ts");
  copyFileSync(join(ROOT, "plugins/hello.ts"), plugin);
  const [node, ...pre] = TS_NODE as [string, ...string[]];
  const transport = new StdioClientTransport({
    command: node,
    args: [...pre, CLI, "dev", plugin],
    cwd: dir,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "author", version: "1" });
  await client.connect(transport);
  try {
    await waitForText(() => stderr, /serving .*hello\.ts: tools greet/, 30_000);
    const hello = await client.callTool({ name: "greet", arguments: { name: "Ada" } });
    assert.deepEqual(hello.content, [{ type: "text", text: "Hello, Ada." }]);

    const source = readFileSync(plugin, "utf8");
    writeFileSync(
      plugin,
      source.replace(
        "  tools: {",
        `  tools: {\n    wave: { description: "Waves", handler: () => "o/" },`,
      ),
    );
    await waitForText(() => stderr, /reloaded: added tool wave/, 30_000);
    const wave = await client.callTool({ name: "wave", arguments: {} });
    assert.deepEqual(wave.content, [{ type: "text", text: "o/" }]);

    writeFileSync(plugin, `${source}\nexport const broken = ;\n`);
    await waitForText(
      () => stderr,
      /hello\.ts:\d+:\d+: .*\n.*last good version keeps serving/,
      30_000,
    );
    const still = await client.callTool({ name: "wave", arguments: {} });
    assert.deepEqual(still.content, [{ type: "text", text: "o/" }]);
  } finally {
    await client.close();
  }
});
