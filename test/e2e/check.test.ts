/**
 * `mcpmux check` as a new user meets it, through the compiled binary and
 * through the sources on Node (tsx): a broken `.ts` or JSON config names
 * FILE:LINE:COL; a misspelt key gets "did you mean"; a missing command, a
 * taken port and an empty config are errors (exit 1); a stateful server
 * pooled is a warning (exit 0). And check starts nothing: no server (its
 * command would leave a file), no daemon, no process left behind.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildBinary } from "../../scripts/build.ts";
import { CLI, servers, tempDir, TS_NODE } from "../helpers/paths.ts";
import { isolatedEnv, killAll, processesWithMarker } from "../helpers/proc.ts";

const RUN_MS = 60_000;
const binDir = tempDir("mcpmux-bin-");
const binary = join(binDir, "mcpmux");
const marker = `mcpmux-test-${randomUUID()}`;
const env = isolatedEnv(marker);
const dir = tempDir("mcpmux-check-");

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mcpmux check --config FILE`, bounded in time, killed if it overruns. */
function check(launcher: string[], file: string): Promise<Outcome> {
  const [command, ...pre] = launcher as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(
      command,
      [...pre, "check", "--config", file],
      { env, cwd: dir, timeout: RUN_MS, killSignal: "SIGKILL" },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const json = (name: string, config: object) => write(name, JSON.stringify(config, null, 2));

before(() => buildBinary(binary));

after(() => {
  killAll(marker);
  rmSync(binDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const node = { command: process.execPath };

for (const [label, launcher] of [
  ["binary", () => [binary]],
  ["sources", () => [...TS_NODE, CLI]],
] as const) {
  describe(`mcpmux check (${label})`, () => {
    test("a .ts config with a syntax error: FILE:LINE:COL, the line, exit 1", async () => {
      const file = write(
        "syntax.ts",
        [
          'import { defineConfig } from "mcpmux";',
          "",
          "export default defineConfig({",
          "  servers: {",
          '    a: { command: "node" },',
          ")",
          "",
        ].join("\n"),
      );
      const out = await check(launcher(), file);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stdout, /syntax\.ts:6:1: syntax error: /);
      assert.match(out.stdout, /^ {4}6 \| \)$/m);
      assert.match(out.stdout, /hint: /);
      assert.doesNotMatch(out.stdout + out.stderr, /^\s+at /m, "no stack trace");
    });

    test("a .ts config importing a file that is not there: where it is imported", async () => {
      const file = write(
        "imports.ts",
        'import { extra } from "./extra-servers.ts";\nexport default { servers: extra };\n',
      );
      const out = await check(launcher(), file);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stdout, /imports\.ts:1:24: cannot find module "\.\/extra-servers\.ts"/);
    });

    test("a JSON config with a syntax error: FILE:LINE:COL and the reason", async () => {
      const file = write(
        "broken.json",
        '{\n  "servers": {\n    "a": { command: "node" }\n  }\n}\n',
      );
      const out = await check(launcher(), file);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(
        out.stdout,
        /broken\.json:3:12: not valid JSON: property names need double quotes/,
      );
      assert.match(out.stdout, /^ {4}3 \| {5}"a": \{ command: "node" \}$/m);
    });

    test("a misspelt key: did you mean", async () => {
      const file = json("typo.json", {
        servers: { memory: { ...node, enviroment: { A: "1" } } },
        pagesize: 10,
      });
      const out = await check(launcher(), file);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stdout, /servers\.memory\.enviroment: unknown key \(did you mean "env"\?\)/);
    });

    test("a command that does not exist: an error at servers.ghost.command naming it", async () => {
      const file = json("ghost.json", {
        servers: { ghost: { command: "mcp-ghost-server-x9" }, fine: node },
      });
      const out = await check(launcher(), file);
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stdout, /: 1 error\n/);
      assert.match(
        out.stdout,
        /servers\.ghost\.command: command "mcp-ghost-server-x9" is not found/,
      );
      assert.match(out.stdout, /hint: a typo\?/);
    });

    test("a taken HTTP port: an error naming the port", async () => {
      const holder: Server = createServer();
      await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
      try {
        const port = (holder.address() as { port: number }).port;
        const file = json("port.json", { servers: { a: node }, http: { port } });
        const out = await check(launcher(), file);
        assert.equal(out.code, 1, out.stdout + out.stderr);
        assert.match(
          out.stdout,
          new RegExp(`http\\.port: port ${port} on 127\\.0\\.0\\.1 is already in use`),
        );
        assert.match(out.stdout, /mcpmux status/);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });

    test("a stateful server pooled: ok, with a warning apart; exit 0", async () => {
      const file = json("memory.json", {
        servers: { memory: servers.memory(join(dir, "m.json")) },
      });
      const out = await check(launcher(), file);
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(
        out.stdout,
        /: ok, 1 server\(s\): memory\n\n1 warning \(not fatal\):\n {2}servers\.memory: it keeps state/,
      );
    });

    test("no servers: says so and how to add one; exit 1", async () => {
      const out = await check(launcher(), json("empty.json", { servers: {} }));
      assert.equal(out.code, 1, out.stdout + out.stderr);
      assert.match(out.stdout, /servers: the config has no servers, so mcpmux would serve nothing/);
      assert.match(out.stdout, /hint: add one, e\.g\. servers: \{/);
    });

    test("starts nothing: no server ran, no process of it remains", async () => {
      const started = join(dir, `started-${label}`);
      const file = json("quiet.json", {
        servers: {
          witness: {
            command: process.execPath,
            args: ["-e", `require("fs").writeFileSync(${JSON.stringify(started)}, "ran")`],
          },
        },
      });
      const out = await check(launcher(), file);
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(out.stdout, /: ok, 1 server\(s\): witness\n$/);
      assert.equal(existsSync(started), false, "the server's command ran");
      assert.deepEqual(processesWithMarker(marker), [], "a process of check remains");
    });
  });
}
