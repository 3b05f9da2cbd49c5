/**
 * The same mcpmux on every runtime it ships for: its sources under Node
 * (tsx), Bun and Deno, and the single executable built with
 * `bun build --compile`, started with a TypeScript config that imports
 * "mcpmux" from a folder with no node_modules at all.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../../scripts/build.ts";
import { after, before, describe, test } from "node:test";
import { FROM_SOURCES, httpClient, serve, stdioClient } from "../helpers/mux.ts";
import { CLI, ROOT, tempDir, TEST_LIST_WAIT_MS } from "../helpers/paths.ts";

const everything = join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

/** A TypeScript config in a bare folder: only mcpmux itself can supply "mcpmux". */
function bareTsConfig(): string {
  const dir = tempDir("mcpmux-bare-");
  const file = join(dir, "mcp.config.ts");
  writeFileSync(
    file,
    [
      'import { defineConfig } from "mcpmux";',
      "const port: number = 0; // type annotations prove this is TypeScript",
      `export default defineConfig({ servers: { everything: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(everything)}, "stdio"] } }, http: { port }, listWait: ${TEST_LIST_WAIT_MS} });`,
    ].join("\n"),
  );
  return file;
}

async function exercise(launcher: string[], label: string, config: string | object): Promise<void> {
  const client = await stdioClient(config, `${label}-stdio`, {}, launcher);
  try {
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "everything__echo"));
    const result = await client.callTool({
      name: "everything__echo",
      arguments: { message: label },
    });
    assert.deepEqual(result.content, [{ type: "text", text: `Echo: ${label}` }]);
  } finally {
    await client.close();
  }
  const served = await serve(
    { servers: { everything: { command: process.execPath, args: [everything, "stdio"] } } },
    process.env,
    launcher,
  );
  try {
    const http = await httpClient(served, `${label}-http`);
    const result = await http.callTool({ name: "everything__get-sum", arguments: { a: 2, b: 40 } });
    assert.match(JSON.stringify(result.content), /42/);
    await http.close();
  } finally {
    await served.stop();
  }
}

describe("runtimes", () => {
  test("Node 20 from sources (tsx)", () => exercise(FROM_SOURCES, "node", bareTsConfig()));
  test("Bun from sources", () => exercise([bin("bun"), CLI], "bun", bareTsConfig()));
  test("Deno from sources (deno run with the npm-installed node_modules)", () =>
    exercise(
      [bin("deno"), "run", "--allow-all", `--config=${join(ROOT, "deno.json")}`, CLI],
      "deno",
      {
        servers: { everything: { command: process.execPath, args: [everything, "stdio"] } },
      },
    ));
});

describe("the compiled binary", () => {
  const outDir = tempDir("mcpmux-dist-");
  const binary = join(outDir, "mcpmux");
  before(() => {
    buildBinary(binary);
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  test("runs a TypeScript config that imports mcpmux, with no node_modules beside it", () =>
    exercise([binary], "binary", bareTsConfig()));

  test("answers --help and check", () => {
    assert.match(execFileSync(binary, ["--help"], { encoding: "utf8" }), /mcpmux stdio/);
    assert.match(
      execFileSync(binary, ["check", "--config", bareTsConfig()], { encoding: "utf8" }),
      /ok, 1 server\(s\): everything/,
    );
  });
});
