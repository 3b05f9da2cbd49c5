/**
 * Logging goes to stderr only: on `mcpmux stdio`, stdout carries MCP messages
 * and nothing else. Each line carries a UTC timestamp (ISO 8601, ms), the
 * level, the component (the logger's scope) and the message; readable by
 * default, one JSON object per line with MCPMUX_LOG_FORMAT=json (for log
 * shippers). Hand-written rather than pino: a line is a few string
 * operations, and stderr must be written synchronously on Node, Bun and
 * Deno alike, with no worker thread.
 *
 * Structured fields: a caller passes them once per logger or per line,
 *   const log = logger("pool", { server: "fs" });
 *   log.child({ pid: 123 }).info("started", { session: "a1" });
 * and they end up as `key=value` after the message, or as JSON keys. Keep
 * to the usual names: server, pid, session, client, request.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

type Env = Record<string, string | undefined> | undefined;

function envLevel(env: Env): LogLevel {
  const v = (env?.["MCPMUX_LOG"] ?? "info").toLowerCase();
  return v in order ? (v as LogLevel) : "info";
}

export function envFormat(env: Env): LogFormat {
  return env?.["MCPMUX_LOG_FORMAT"]?.toLowerCase() === "json" ? "json" : "text";
}

const env: Env = globalThis.process?.env;
const threshold = order[envLevel(env)];
const format = envFormat(env);

export interface LogRecord {
  time: Date;
  level: LogLevel;
  component: string;
  msg: string;
  fields?: LogFields;
}

/** A value as `key=value` text: bare when it has no space, quote or `=`, else JSON-quoted. */
function textValue(value: string | number | boolean): string {
  const s = String(value);
  return s !== "" && !/[\s"=]/.test(s) ? s : JSON.stringify(s);
}

/** One line, newline included. Pure, for the tests. */
export function formatLine(record: LogRecord, as: LogFormat): string {
  const time = record.time.toISOString();
  const fields = Object.entries(record.fields ?? {}).filter(
    (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
  );
  if (as === "json") {
    const out: Record<string, unknown> = {
      time,
      level: record.level,
      component: record.component,
      msg: record.msg,
    };
    // The four keys above stay what they say: a field cannot overwrite them.
    for (const [key, value] of fields) if (!(key in out)) out[key] = value;
    return `${JSON.stringify(out)}\n`;
  }
  const extra = fields.map(([key, value]) => ` ${key}=${textValue(value)}`).join("");
  return `${time} ${record.level.padEnd(5)} ${record.component}: ${record.msg}${extra}\n`;
}

/** Where lines go: stderr, unless the daemon routes them (src/daemon/log-file.ts). */
export type LogSink = (line: string) => void;
let sink: LogSink = (line) => void process.stderr.write(line);

export function setLogSink(next: LogSink): void {
  sink = next;
}

function write(level: LogLevel, component: string, msg: string, fields: LogFields): void {
  if (order[level] < threshold) return;
  sink(formatLine({ time: new Date(), level, component, msg, fields }, format));
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for the same component that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export function logger(scope: string, fields: LogFields = {}): Logger {
  // A line's own fields win over the logger's.
  const at =
    (level: LogLevel) =>
    (m: string, own?: LogFields): void =>
      write(level, scope, m, own === undefined ? fields : { ...fields, ...own });
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => logger(scope, { ...fields, ...more }),
  };
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
