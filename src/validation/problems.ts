/**
 * Config problems as data: each names the file, the path inside the config
 * (`servers.fs.command`) and the reason; where the problem has a place in a
 * file (a syntax error, a failed import) also that place, and what to do next.
 */
import type * as v from "valibot";
import { knownKeysAt } from "./known-keys.ts";
import { suggestKey } from "./key-suggestion.ts";

/** A place in a source file; line and column are 1-based, as editors count them. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** The text of that line, to show under the message with a caret. */
  lineText?: string;
}

export interface ConfigProblem {
  path: string;
  message: string;
  at?: SourcePosition;
  /** What to do about it, when the message alone does not say. */
  hint?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`${file}: invalid config\n${problems.map(formatProblem).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * `  FILE:LINE:COL: path: message`, then the line with a caret under the
 * column, then the hint: the place first, so terminals and editors can open it.
 */
export function formatProblem(p: ConfigProblem): string {
  const place = p.at === undefined ? "" : `${p.at.file}:${p.at.line}:${p.at.column}: `;
  const lines = [`  ${place}${p.path === "" ? "" : `${p.path}: `}${p.message}`];
  if (p.at?.lineText !== undefined && p.at.lineText.trim() !== "")
    lines.push(...excerpt(p.at.line, p.at.column, p.at.lineText));
  if (p.hint !== undefined) lines.push(`    hint: ${p.hint}`);
  return lines.join("\n");
}

const EXCERPT_WIDTH = 100;

/** The line (a window of it around the column when it is long) and a caret under the column. */
function excerpt(line: number, column: number, text: string): string[] {
  let start = 0;
  if (text.length > EXCERPT_WIDTH) start = Math.max(0, column - 1 - EXCERPT_WIDTH / 2);
  const shown = text.slice(start, start + EXCERPT_WIDTH).replace(/\s+$/, "");
  const gutter = `    ${line} | `;
  // Tabs stay tabs under the caret, so it lines up whatever the terminal's tab width.
  const pad = shown.slice(0, Math.max(0, column - 1 - start)).replace(/[^\t]/g, " ");
  return [`${gutter}${shown}`, `${" ".repeat(gutter.length - 2)}| ${pad}^`];
}

/**
 * valibot issues as problems. Given the schema that produced them, an
 * unknown key also names the known key it was probably meant to be.
 */
export function problemsFromIssues(
  issues: readonly v.BaseIssue<unknown>[],
  schema?: unknown,
): ConfigProblem[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => item.key);
    const problem = { path: keys.map(String).join("."), message: issue.message };
    if (schema === undefined || !isUnknownKey(issue)) return problem;
    const known = knownKeysAt(schema, keys.slice(0, -1));
    const suggestion = suggestKey(String(keys.at(-1)), known);
    if (suggestion !== undefined)
      return { ...problem, message: `${problem.message} (did you mean "${suggestion}"?)` };
    return known.length === 0
      ? problem
      : { ...problem, hint: `known keys here: ${known.join(", ")}` };
  });
}

/** A strict object's issue for a key it does not define: the key itself is the last path item. */
function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.expected === "never" && issue.path?.at(-1)?.origin === "key";
}
