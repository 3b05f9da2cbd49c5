/**
 * runImport with --write-permissions, called as the CLI calls it: the
 * config, the settings rewrite with its backup, and what the user reads.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runImport } from "../../../src/cli/setup-commands.ts";
import { tempDir } from "../../helpers/paths.ts";

/** Runs `fn` with stdout and stderr captured. */
function captured(fn: () => void): { stdout: string; stderr: string } {
  const out = { stdout: "", stderr: "" };
  const { stdout, stderr } = process;
  const keep = [stdout.write, stderr.write];
  stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof stdout.write;
  stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof stderr.write;
  try {
    fn();
  } finally {
    [stdout.write, stderr.write] = keep as [typeof stdout.write, typeof stderr.write];
  }
  return out;
}

test("runImport rewrites the permission rules of the imported servers after a backup", () => {
  const dir = tempDir("mcpmux-run-import-");
  const source = join(dir, ".mcp.json");
  const settings = join(dir, "settings.json");
  const out = join(dir, "mcp.config.ts");
  writeFileSync(
    source,
    JSON.stringify({
      mcpServers: {
        "my memory": { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] },
        github: { type: "http", url: "https://x/mcp", headers: { A: "Bearer ${GITHUB_PAT}" } },
      },
    }),
  );
  const original = `{\n  "permissions": {\n    "allow": ["mcp__github", "Read", "mcp__my_memory__read_graph"],\n    "deny": ["mcp__github__delete_repo"]\n  },\n  "model": "opus"\n}\n`;
  writeFileSync(settings, original);

  const { stdout, stderr } = captured(() => runImport(source, out, false, settings));

  assert.equal(readFileSync(`${settings}.mcpmux-backup`, "utf8"), original);
  assert.equal(
    readFileSync(settings, "utf8"),
    original
      .replace('"mcp__github"', '"mcp__mcpmux__github__*"')
      .replace("mcp__my_memory__read_graph", "mcp__mcpmux__my-memory__read_graph")
      .replace("mcp__github__delete_repo", "mcp__mcpmux__github__delete_repo"),
  );
  assert.match(stderr, /"my memory" is now "my-memory"/);
  assert.match(stdout, /wrote .*mcp\.config\.ts with 2 server\(s\): my-memory, github/);
  assert.match(
    stdout,
    /rewrote .*settings\.json \(the original is in .*settings\.json\.mcpmux-backup\)/,
  );
  assert.match(stdout, /permissions\.allow\[0\]: mcp__github -> mcp__mcpmux__github__\*/);
  assert.match(
    stdout,
    /permissions\.deny\[0\]: mcp__github__delete_repo -> mcp__mcpmux__github__delete_repo/,
  );
  // After the snippet: what else to change.
  const after = stdout.slice(stdout.indexOf("claude mcp add mcpmux"));
  assert.match(
    after,
    new RegExp(`Remove the imported servers from ${source}: "my memory", github`),
  );
  assert.match(after, /mcp__<server>__<tool> becomes\s+mcp__mcpmux__<server>__<tool>/);
  assert.match(after, /Rewrote 3 rule\(s\) in .*settings\.json/);
  assert.match(readFileSync(out, "utf8"), /A: "Bearer \$\{GITHUB_PAT\}"/);

  // Again (--force) on a file with rules to change: a new backup, and the first, the only copy
  // of the original rules, is kept.
  const changed = original.replace('"opus"', '"sonnet"');
  writeFileSync(settings, changed);
  captured(() => runImport(source, out, true, settings));
  assert.equal(readFileSync(`${settings}.mcpmux-backup`, "utf8"), original);
  const backups = readdirSync(dir).filter((f) => f.startsWith("settings.json.mcpmux-backup-"));
  assert.equal(backups.length, 1);
  assert.equal(readFileSync(join(dir, backups[0] ?? ""), "utf8"), changed);
});

test("runImport without --write-permissions says how to rewrite the rules", () => {
  const dir = tempDir("mcpmux-run-import-");
  const source = join(dir, "claude.json");
  writeFileSync(source, JSON.stringify({ mcpServers: { github: { url: "https://x/mcp" } } }));
  const { stdout } = captured(() => runImport(source, join(dir, "mcp.config.ts"), false));
  assert.match(
    stdout,
    /a rule for the\s+whole server, mcp__github, becomes mcp__mcpmux__github__\*/,
  );
  assert.match(stdout, /--force --write-permissions ~\/\.claude\/settings\.json/);
});
