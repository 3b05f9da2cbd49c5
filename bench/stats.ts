/**
 * The arithmetic and the Markdown of the bench tables: percentiles, ratios
 * to a direct connection, and goals reported as "met" / "not met" beside
 * the measured figure (never rounded in the goal's favour: the comparison
 * uses the unrounded ratio).
 */

/** The value at percentile `p` (0-100) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** "1.23x": how many times `value` is `base`. */
export function times(value: number, base: number): string {
  return `${(value / base).toFixed(2)}x`;
}

/** "met" or "not met" for a figure that must not exceed `limit` (at least `limit` with "min"). */
export function verdict(value: number, limit: number, kind: "max" | "min" = "max"): string {
  if (!Number.isFinite(value)) return "not measured";
  return (kind === "max" ? value <= limit : value >= limit) ? "met" : "not met";
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** A Markdown table (header row, separator, rows). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export interface Goal {
  goal: string;
  measured: string;
  verdict: string;
}

/** The goals table printed under a section: what the issue asks, what was measured, met or not. */
export function goalsTable(goals: readonly Goal[]): string {
  return table(
    ["goal", "measured", "verdict"],
    goals.map((g) => [g.goal, g.measured, g.verdict]),
  );
}
