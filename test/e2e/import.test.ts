/**
 * `mcpmux import` through the compiled binary, as a new user runs it: a
 * Claude Code .mcp.json whose server uses `${VAR}` and `${VAR:-x}`, and a
 * settings file whose permission rules name that server. The written config
 * is readable TypeScript, the settings are rewritten after a backup, and
 * the imported config, started by the binary with the variables set, hands
 * the server their values.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { promisify } from "node:util";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { buildBinary } from "../../scripts/build.ts";
import { newClient } from "../helpers/mux.ts";
import { ROOT, tempDir, TSX } from "../helpers/paths.ts";
import { isAlive } from "../helpers/processes.ts";

const run = promisify(execFile);
const binary = join(tempDir("mcpmux-bin-"), "mcpmux");
const ENV_SERVER = join(ROOT, "test/fixtures/env-server.ts");

before(() => buildBinary(binary));

const claudeConfig = {
  mcpServers: {
    "env probe": {
      command: process.execPath,
      args: ["--import", TSX, ENV_SERVER, "${ENV_SERVER_ARG}", "${ENV_SERVER_OPT:-fallback}"],
      env: {
        ENV_SERVER_TOKEN: "Bearer ${ENV_SERVER_PAT}",
        ENV_SERVER_MODE: "${ENV_SERVER_UNSET_MODE:-x}",
      },
    },
  },
};

const settingsText = `{
  "model": "opus",
  "permissions": {
    "allow": [
      "Bash(npm test:*)",
      "mcp__env_probe"
    ],
    "deny": ["mcp__env_probe__delete_*"],
    "ask": ["mcp__env_probe__report", "mcp__other__thing"]
  },
  "env": { "KEEP": "mcp__env_probe" }
}
`;

/** `mcpmux import` in a fresh folder; returns the folder and what it printed. */
async function importInto(): Promise<{ dir: string; stdout: string; stderr: string }> {
  const dir = tempDir("mcpmux-import-e2e-");
  writeFileSync(join(dir, ".mcp.json"), JSON.stringify(claudeConfig, null, 2));
  writeFileSync(join(dir, "settings.json"), settingsText);
  const { stdout, stderr } = await run(
    binary,
    ["import", ".mcp.json", "--out", "mcp.config.ts", "--write-permissions", "settings.json"],
    { cwd: dir, timeout: 30_000 },
  );
  return { dir, stdout, stderr };
}

test("import writes readable TypeScript, keeps ${VAR} forms, and rewrites the permissions after a backup", async () => {
  const { dir, stdout, stderr } = await importInto();
  assert.match(stderr, /"env probe" is now "env-probe"/);
  assert.match(stdout, /wrote .*mcp\.config\.ts with 1 server\(s\): env-probe/);

  const config = readFileSync(join(dir, "mcp.config.ts"), "utf8");
  assert.match(config, /^export default defineConfig\(\{$/m);
  assert.match(config, /^ {4}"env-probe": \{$/m);
  assert.match(config, /^ {6}command: ".*",$/m);
  assert.match(config, /^ {8}"\$\{ENV_SERVER_ARG\}",$/m);
  assert.match(config, /^ {8}"\$\{ENV_SERVER_OPT:-fallback\}",$/m);
  assert.match(config, /^ {8}ENV_SERVER_TOKEN: "Bearer \$\{ENV_SERVER_PAT\}",$/m);
  assert.ok(existsSync(join(dir, "mcpmux.d.ts")));

  assert.equal(readFileSync(join(dir, "settings.json.mcpmux-backup"), "utf8"), settingsText);
  assert.equal(
    readFileSync(join(dir, "settings.json"), "utf8"),
    settingsText
      .replace('"mcp__env_probe"\n', '"mcp__mcpmux__env-probe__*"\n')
      .replace("mcp__env_probe__delete_*", "mcp__mcpmux__env-probe__delete_*")
      .replace("mcp__env_probe__report", "mcp__mcpmux__env-probe__report"),
  );
  assert.match(stdout, /permissions\.allow\[1\]: mcp__env_probe -> mcp__mcpmux__env-probe__\*/);
  assert.match(stdout, /Remove the imported servers from .*\.mcp\.json: "env probe"/);
  assert.match(stdout, /mcp__mcpmux__<server>__<tool>/);

  // Unset, a variable sent on as a value (env) is a config problem `check` names, not text sent as written.
  const checked = await run(binary, ["check", "--config", join(dir, "mcp.config.ts")], {
    cwd: dir,
    env: { PATH: process.env["PATH"] ?? "", HOME: dir },
    timeout: 30_000,
  }).then(
    () => assert.fail("check passed with ENV_SERVER_PAT unset"),
    (err: { code?: number; stdout?: string; stderr?: string }) => err,
  );
  assert.notEqual(checked.code, 0);
  assert.match(
    `${checked.stdout}${checked.stderr}`,
    /ENV_SERVER_TOKEN: environment variable ENV_SERVER_PAT is not set/,
  );
});

test("the imported config, started by the binary, gives the server the expanded values", async () => {
  const { dir } = await importInto();
  const transport = new StdioClientTransport({
    command: binary,
    args: ["stdio", "--standalone", "--config", join(dir, "mcp.config.ts")],
    cwd: dir,
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      ENV_SERVER_PAT: "s3cret",
      ENV_SERVER_ARG: "first",
      ENV_SERVER_OPT: "",
    },
  });
  const client = newClient("import-e2e");
  try {
    await client.connect(transport, { timeout: 30_000 });
    const reply = await client.callTool(
      { name: "env-probe__report" },
      {
        timeout: 30_000,
      },
    );
    assert.deepEqual(reply.structuredContent, {
      argv: ["first", "fallback"],
      env: {
        ENV_SERVER_ARG: "first",
        ENV_SERVER_OPT: "",
        ENV_SERVER_PAT: "s3cret",
        ENV_SERVER_TOKEN: "Bearer s3cret",
        ENV_SERVER_MODE: "x",
      },
    });
  } finally {
    const pid = transport.pid;
    await client.close(); // ends mcpmux's stdin: it stops its servers and exits
    if (pid !== null && isAlive(pid)) process.kill(pid, "SIGKILL");
  }
});
