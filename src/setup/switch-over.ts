/**
 * What `mcpmux import` prints after the Claude snippet: the steps that move
 * Claude from the servers it ran itself to the same servers behind mcpmux.
 * Without them a user runs every server twice, and Claude Code asks again
 * for every tool its permission rules used to allow (the names changed).
 */
import { basename } from "node:path";
import type { ImportedServer } from "./claude-import.ts";
import { claudeServerName, muxToolName } from "./permission-rules.ts";
import type { SettingsWritten } from "./settings-file.ts";
import { shellWord } from "./shell-word.ts";

/** A server name in a sentence: in quotes when it has more than letters, digits and `_.-`. */
const named = (name: string): string =>
  /^[A-Za-z0-9_.-]+$/.test(name) ? name : JSON.stringify(name);

function removeStep(source: string, servers: ImportedServer[]): string[] {
  const lines = [
    `1. Remove the imported servers from ${source}: ${servers.map((s) => named(s.original)).join(", ")}.`,
    "   Left there, Claude starts each of them itself as well, and shows every tool twice.",
  ];
  // Claude Desktop has no `claude mcp`; its file is edited by hand.
  if (basename(source) !== "claude_desktop_config.json") {
    lines.push("   With Claude Code, in the project's folder (it finds where each was added):");
    for (const s of servers) lines.push(`     claude mcp remove ${shellWord(s.original)}`);
  }
  return lines;
}

function namesStep(
  source: string,
  out: string,
  servers: ImportedServer[],
  permissions: SettingsWritten | undefined,
): string[] {
  const example = servers.find((s) => s.name !== s.original) ?? servers[0];
  const lines = [
    "2. In Claude Code their tools get new names: mcp__<server>__<tool> becomes",
    `   ${muxToolName("<server>", "<tool>")}.`,
  ];
  if (example !== undefined) {
    const before = `mcp__${claudeServerName(example.original)}`;
    lines.push(
      `   e.g. ${before}__<tool> is now ${muxToolName(example.name, "<tool>")}, and a rule for the`,
      `   whole server, ${before}, becomes ${muxToolName(example.name, "*")}.`,
    );
  }
  lines.push(
    "   Permission rules that name them (permissions.allow, .deny, .ask and allowedTools in",
    "   ~/.claude/settings.json, .claude/settings.json and .claude/settings.local.json) must change.",
  );
  // The same import again, to the same config: a re-run rewrites that file, nothing else.
  const again = `mcpmux import ${shellWord(source)} --out ${shellWord(out)} --force --write-permissions`;
  if (permissions === undefined) {
    lines.push(
      "   This rewrites them in one settings file, after a backup beside it:",
      `     ${again} ~/.claude/settings.json`,
    );
  } else {
    const done =
      permissions.changes.length === 0
        ? `No rule in ${permissions.file} named these servers.`
        : `Rewrote ${permissions.changes.length} rule(s) in ${permissions.file}, listed above.`;
    lines.push(`   ${done} For each other settings file:`, `     ${again} FILE`);
  }
  return lines;
}

export function switchOverText(
  source: string,
  out: string,
  servers: ImportedServer[],
  permissions: SettingsWritten | undefined,
): string {
  return [
    "Then switch over, so each server runs once, behind mcpmux:",
    ...removeStep(source, servers),
    ...namesStep(source, out, servers, permissions),
    "",
  ].join("\n");
}
