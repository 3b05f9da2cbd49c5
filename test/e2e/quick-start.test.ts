/**
 * The README's quick start, as a new user runs it: in a clean copy of the
 * repository (its tracked files only), with a shell's PATH (no
 * node_modules/.bin of this run in front, so `node` is the machine's Node),
 * run the first command, then the "see it working" line, then stop it with
 * SIGTERM as a service manager would. The second command (`npm test`) is
 * what is running this test, so it is only checked to be what CI runs.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { ROOT, tempDir } from "../helpers/paths.ts";
import { isAlive, waitForText } from "../helpers/processes.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The shell code blocks of the README's "Quick start" section, in order. */
function quickStartBlocks(): string[][] {
  const section = README.split(/^## /m).find((s) => s.startsWith("Quick start"));
  assert.ok(section, "the README has a Quick start section");
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? "")
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line !== ""),
  );
}

/** The environment of a user's shell: no npm run-script variables, no node_modules/.bin on PATH. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith("npm_")) env[key] = value;
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
  return env;
}

function cleanCopy(): string {
  const dir = join(tempDir("mcpmux-quickstart-"), "mcpmux");
  const files = execFileSync("git", ["-C", ROOT, "ls-files", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "");
  for (const file of files) {
    const from = join(ROOT, file);
    const to = join(dir, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, statSync(from).mode);
  }
  return dir;
}

let serverGroup: number | undefined;
after(() => {
  if (serverGroup === undefined) return;
  try {
    process.kill(-serverGroup, "SIGKILL");
  } catch {
    // already gone
  }
});

/** Whether something already listens on 127.0.0.1:port (another mcpmux, another run). */
function taken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

test("the README's quick start works from a clean copy, on the machine's Node", async (t) => {
  // The quick start serves on the README's port, 7780: it must be free to test it.
  if (await taken(7780)) return t.skip("127.0.0.1:7780 is in use by another program");
  const [first, seeIt] = quickStartBlocks();
  assert.deepEqual(first?.length, 2, "two commands: install and run, then test");
  const [install, runTests] = first as [string, string];
  assert.match(readFileSync(join(ROOT, ".ci/run"), "utf8"), new RegExp(`^${runTests}$`, "m"));
  assert.equal(seeIt?.length, 1, "one line to see it working");

  const copy = cleanCopy();
  const env = userEnv();
  const npm = spawn("sh", ["-c", install], {
    cwd: copy,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  serverGroup = npm.pid;
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Whatever npm printed tells why, if it ends before mcpmux listens.
  const ENDED = "\n[npm exited]";
  npm.once("exit", () => (output += ENDED));
  await waitForText(
    () => output,
    /listening on http:\/\/127\.0\.0\.1:7780\/mcp|\[npm exited\]/,
    240_000,
  );
  assert.ok(!output.includes(ENDED), `npm start ended before mcpmux listened:\n${output}`);

  // mcpmux runs on the Node that runs npm, not the Node 22 of a dev dependency.
  const serve = execFileSync("pgrep", ["-g", String(npm.pid), "-f", "bin/mcpmux.js serve"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .map(Number);
  assert.equal(serve.length, 1, `one mcpmux serve process, got ${serve.join(", ")}`);
  const servePid = serve[0]!;
  const userNode = execFileSync("sh", ["-c", 'readlink -f "$(command -v node)"'], {
    env,
    encoding: "utf8",
  }).trim();
  assert.equal(readlinkSync(`/proc/${servePid}/exe`), userNode);

  const seen = execFileSync("sh", ["-c", seeIt[0]!], {
    cwd: copy,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.match(seen, /Hello, Ada\./);

  // SIGTERM to `npm start` itself (the process, not its group, as a service
  // manager or `kill` sends it) reaches mcpmux, which stops its servers.
  const npmStart = Number(
    readFileSync(`/proc/${servePid}/stat`, "utf8").split(") ")[1]?.split(" ")[1],
  );
  assert.match(readFileSync(`/proc/${npmStart}/cmdline`, "utf8"), /npm/);
  process.kill(npmStart, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (isAlive(servePid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(isAlive(servePid), false, "mcpmux serve outlived SIGTERM to npm start");
  assert.match(output, /SIGTERM: stopping servers/);
});
