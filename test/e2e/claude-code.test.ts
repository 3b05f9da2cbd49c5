/**
 * The compiled binary as a user puts it in Claude Code: `claude mcp add`
 * then `claude mcp list`, which starts the server and health-checks it
 * (offline, with a throwaway HOME), through the shim and the shared daemon.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../../scripts/build.ts";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { ROOT, servers, tempDir, writeConfig } from "../helpers/paths.ts";
import { isolatedEnv, killAll } from "../helpers/proc.ts";

const run = promisify(execFile);
const claude = join(ROOT, "node_modules/.bin/claude");
const outDir = tempDir("mcpmux-bin-");
const binary = join(outDir, "mcpmux");
const marker = `mcpmux-test-${randomUUID()}`;
const env = isolatedEnv(marker, { HOME: tempDir("mcpmux-home-") });
const config = writeConfig({ servers: { everything: servers.everything() } });

before(() => {
  buildBinary(binary);
});

after(async () => {
  await run(binary, ["stop", "--config", config], { env, timeout: 20_000 }).catch(() => undefined);
  killAll(marker);
  rmSync(outDir, { recursive: true, force: true });
});

test("claude mcp list reports dist/mcpmux stdio as Connected, also after a config edit adds a plugin", async () => {
  const project = tempDir("mcpmux-project-");
  const added = await run(
    claude,
    ["mcp", "add", "mcpmux", "--", binary, "stdio", "--config", config],
    { cwd: project, env, timeout: 60_000 },
  );
  assert.match(added.stdout, /Added stdio MCP server mcpmux/);
  const listed = await run(claude, ["mcp", "list"], { cwd: project, env, timeout: 120_000 });
  assert.match(listed.stdout, /mcpmux: .*mcpmux stdio --config .* - ✔ Connected/);

  // The daemon that list started stays up; the user adds a plugin server to the config.
  const edited = Date.now();
  writeFileSync(
    config,
    JSON.stringify({
      servers: {
        everything: servers.everything(),
        hello: { plugin: join(ROOT, "plugins/hello.ts") },
      },
    }),
  );
  const status = async () =>
    JSON.parse((await run(binary, ["status", "--json", "--config", config], { env })).stdout) as {
      config: { lastReload: { at: number; error: string | null } | null };
      servers: Array<{ name: string; instances: Array<{ state: string }> }>;
    };
  const deadline = Date.now() + 60_000;
  let s = await status();
  while (Date.now() < deadline && !((s.config.lastReload?.at ?? 0) > edited)) {
    await new Promise((r) => setTimeout(r, 200));
    s = await status();
  }
  assert.equal(s.config.lastReload?.error, null);
  assert.equal(s.servers.find((x) => x.name === "hello")?.instances[0]?.state, "ready");
  const again = await run(claude, ["mcp", "list"], { cwd: project, env, timeout: 120_000 });
  assert.match(again.stdout, /mcpmux: .*mcpmux stdio --config .* - ✔ Connected/);
});

test("a server that takes 12 s to start does not make claude mcp list fail", async () => {
  const project = tempDir("mcpmux-project-");
  const slowConfig = writeConfig({
    listWait: 500, // the default: this test is about it
    servers: {
      everything: servers.everything(),
      slow: { ...servers.probe(), env: { PROBE_START_DELAY_MS: "12000" } },
    },
  });
  await run(claude, ["mcp", "add", "mux", "--", binary, "stdio", "--config", slowConfig], {
    cwd: project,
    env,
    timeout: 60_000,
  });
  try {
    const listed = await run(claude, ["mcp", "list"], { cwd: project, env, timeout: 120_000 });
    assert.match(listed.stdout, /mux: .*mcpmux stdio --config .* - ✔ Connected/);
    assert.doesNotMatch(listed.stdout, /fetch failed/);
  } finally {
    await run(binary, ["stop", "--config", slowConfig], { env, timeout: 30_000 }).catch(
      () => undefined,
    );
  }
});
