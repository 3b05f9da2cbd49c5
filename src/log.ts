/**
 * Logging goes to stderr only: on `mcpmux stdio`, stdout carries MCP messages
 * and nothing else.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function envLevel(): LogLevel {
  const v = (globalThis.process?.env?.["MCPMUX_LOG"] ?? "info").toLowerCase();
  return v in order ? (v as LogLevel) : "info";
}

const threshold = order[envLevel()];

function write(level: LogLevel, scope: string, message: string): void {
  if (order[level] < threshold) return;
  process.stderr.write(`[mcpmux] ${level} ${scope}: ${message}\n`);
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function logger(scope: string): Logger {
  return {
    debug: (m) => write("debug", scope, m),
    info: (m) => write("info", scope, m),
    warn: (m) => write("warn", scope, m),
    error: (m) => write("error", scope, m),
  };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
