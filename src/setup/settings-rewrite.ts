/**
 * The rewrite `mcpmux import --write-permissions` makes to a Claude Code
 * settings file: each permission rule naming an imported server becomes its
 * counterpart through mcpmux (permission-rules.ts), in place, and nothing
 * else in the text changes. The lists: `permissions.allow`, `.deny` and
 * `.ask`, the older top-level `allowedTools`, and the per-project
 * `allowedTools` of ~/.claude.json. Pure: text in, text and changes out.
 */
import type { ImportedServer } from "./claude-import.ts";
import { jsonStrings, replaceStrings } from "./json-strings.ts";
import { claudeServerName, mapRule } from "./permission-rules.ts";

export interface RuleChange {
  /** Where the rule is, e.g. `permissions.allow[2]`. */
  where: string;
  from: string;
  to: string;
  note?: string;
}

export interface RuleCheck {
  where: string;
  rule: string;
  note: string;
}

export interface SettingsRewrite {
  text: string;
  changes: RuleChange[];
  checks: RuleCheck[];
}

/** Each imported server's name in Claude's rules, to its name in the mcpmux config. */
export function ruleServers(servers: ImportedServer[]): Map<string, string> {
  return new Map(servers.map((s) => [claudeServerName(s.original), s.name]));
}

type Path = Array<string | number>;

function isRuleList(path: Path): boolean {
  const [a, b, c, d] = path;
  if (path.length === 3 && a === "permissions" && typeof c === "number")
    return b === "allow" || b === "deny" || b === "ask";
  if (path.length === 2 && a === "allowedTools") return typeof b === "number";
  if (path.length === 4 && a === "projects" && c === "allowedTools") return typeof d === "number";
  return false;
}

function describe(path: Path): string {
  return path
    .map((step, i) => {
      if (typeof step === "number") return `[${step}]`;
      const plain = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(step);
      if (!plain) return `[${JSON.stringify(step)}]`;
      return i === 0 ? step : `.${step}`;
    })
    .join("");
}

/** Throws a SyntaxError when `text` is not JSON. */
export function rewriteSettings(text: string, servers: ImportedServer[]): SettingsRewrite {
  JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
  const names = ruleServers(servers);
  const changes: RuleChange[] = [];
  const checks: RuleCheck[] = [];
  const replacements: Array<{ start: number; end: number; value: string }> = [];
  for (const found of jsonStrings(text)) {
    if (!isRuleList(found.path)) continue;
    const mapping = mapRule(found.value, names);
    const where = describe(found.path);
    if (mapping.kind === "check") checks.push({ where, rule: found.value, note: mapping.note });
    if (mapping.kind !== "moved") continue;
    replacements.push({ start: found.start, end: found.end, value: mapping.rule });
    changes.push({
      where,
      from: found.value,
      to: mapping.rule,
      ...(mapping.note === undefined ? {} : { note: mapping.note }),
    });
  }
  return { text: replaceStrings(text, replacements), changes, checks };
}
