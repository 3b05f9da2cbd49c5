/**
 * What `mcpmux check` prints: the verdict first, then each error, then the
 * warnings apart and labelled, each with its path, reason and hint. Errors
 * make the exit status 1; warnings alone leave it 0.
 */
import { formatProblem, type ConfigProblem } from "../validation/problems.ts";
import type { PreflightReport } from "./preflight.ts";

export function formatCheckReport(
  file: string,
  servers: string[],
  report: PreflightReport,
): string {
  const { errors, warnings } = report;
  const lines =
    errors.length === 0
      ? [`${file}: ok, ${servers.length} server(s): ${servers.join(", ")}`]
      : [`${file}: ${count(errors.length, "error")}`, ...errors.map(formatProblem)];
  if (warnings.length > 0)
    lines.push(
      "",
      `${count(warnings.length, "warning")} (not fatal):`,
      ...warnings.map(formatProblem),
    );
  return `${lines.join("\n")}\n`;
}

/** A config that does not load: its problems, all errors. */
export function formatLoadProblems(file: string, problems: ConfigProblem[]): string {
  return `${file}: ${count(problems.length, "error")}\n${problems.map(formatProblem).join("\n")}\n`;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
