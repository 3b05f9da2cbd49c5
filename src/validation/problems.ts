/**
 * Config problems as data: each names the file, the path inside the config
 * (`servers.fs.command`) and the reason.
 */
import * as v from "valibot";

export interface ConfigProblem {
  path: string;
  message: string;
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

export function formatProblem(p: ConfigProblem): string {
  return p.path === "" ? `  ${p.message}` : `  ${p.path}: ${p.message}`;
}

export function problemsFromIssues(issues: readonly v.BaseIssue<unknown>[]): ConfigProblem[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join("."),
    message: issue.message,
  }));
}
