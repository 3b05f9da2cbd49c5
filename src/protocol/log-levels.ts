/** MCP logging levels (RFC 5424 severities), least to most severe. */
export const LOG_LEVELS = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
] as const;

export type McpLogLevel = (typeof LOG_LEVELS)[number];

export function levelRank(level: unknown): number {
  return LOG_LEVELS.indexOf(level as McpLogLevel);
}

export function isLogLevel(level: unknown): level is McpLogLevel {
  return levelRank(level) >= 0;
}

/** The most verbose of the levels asked for, or undefined when none was. */
export function mostVerbose(levels: Iterable<McpLogLevel | undefined>): McpLogLevel | undefined {
  let best: McpLogLevel | undefined;
  for (const level of levels) {
    if (level !== undefined && (best === undefined || levelRank(level) < levelRank(best)))
      best = level;
  }
  return best;
}
