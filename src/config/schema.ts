/**
 * The config schema: the single source of truth for what `mcp.config.ts`
 * (or `mcp.config.json`) may say. Types are derived from it.
 */
import * as v from "valibot";

const NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Messages for object-level issues: valibot reports a missing key, a wrong
 * type and an unknown key through the same message, so tell them apart.
 */
function objectMessage(what: string) {
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === "never") return "unknown key";
    if (issue.received === "undefined") return "is required";
    return `expected ${what}`;
  };
}

/** valibot's record accepts arrays; a config never means an array as a map. */
function plainObject(what: string) {
  return v.custom<Record<string, unknown>>(
    (value) => typeof value === "object" && value !== null && !Array.isArray(value),
    (issue) => (issue.received === "undefined" ? "is required" : `expected ${what}`),
  );
}

const stringMap = v.pipe(
  plainObject("an object of strings"),
  v.record(v.string(), v.string("expected string")),
);

const prefixSchema = v.union(
  [
    v.literal(false),
    v.pipe(
      v.string(),
      v.regex(NAME, "prefix may contain only letters, digits, '_' and '-'"),
      v.maxLength(40, "prefix must be at most 40 characters"),
    ),
  ],
  "expected a string of letters, digits, '_' or '-', or false",
);

const positiveMs = v.pipe(
  v.number("expected a number of milliseconds"),
  v.integer("expected a whole number of milliseconds"),
  v.minValue(1, "expected at least 1 ms"),
);

/** One server, either a child process over stdio or a remote URL. */
export const ServerSchema = v.pipe(
  v.strictObject(
    {
      command: v.optional(v.pipe(v.string("expected string"), v.nonEmpty("must not be empty"))),
      args: v.optional(v.array(v.string("expected string"), "expected an array of strings")),
      env: v.optional(stringMap),
      cwd: v.optional(v.string("expected string")),
      url: v.optional(v.pipe(v.string("expected string"), v.url("expected a URL"))),
      headers: v.optional(stringMap),
      transport: v.optional(v.picklist(["http", "sse"], 'expected "http" or "sse"')),
      prefix: v.optional(prefixSchema),
      requestTimeout: v.optional(positiveMs),
      startupTimeout: v.optional(positiveMs),
      maxConcurrency: v.optional(
        v.pipe(
          v.number("expected a number"),
          v.integer("expected a whole number"),
          v.minValue(1, "expected at least 1"),
        ),
      ),
      disabled: v.optional(v.boolean("expected boolean")),
    },
    objectMessage("a server object with `command` or `url`"),
  ),
  v.check(
    (s) => (s.command === undefined) !== (s.url === undefined),
    "a server needs exactly one of `command` (stdio) or `url` (Streamable HTTP / SSE)",
  ),
  v.check(
    (s) => s.url !== undefined || (s.headers === undefined && s.transport === undefined),
    "`headers` and `transport` apply only to `url` servers",
  ),
  v.check(
    (s) =>
      s.command !== undefined ||
      (s.args === undefined && s.env === undefined && s.cwd === undefined),
    "`args`, `env` and `cwd` apply only to `command` servers",
  ),
);

export const ConfigSchema = v.strictObject(
  {
    servers: v.pipe(
      plainObject("an object of servers"),
      v.record(
        v.pipe(
          v.string(),
          v.regex(NAME, "server names may contain only letters, digits, '_' and '-'"),
        ),
        ServerSchema,
      ),
    ),
    /** Between a server's prefix and a tool or prompt name. */
    separator: v.optional(
      v.pipe(
        v.string("expected string"),
        v.regex(/^[A-Za-z0-9_.-]{1,4}$/, "separator must be 1-4 of letters, digits, '_', '-', '.'"),
      ),
    ),
    /** Items per page in aggregated lists; 0 returns everything in one page. */
    pageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    /** The shared daemon that `mcpmux stdio` shims attach to. */
    daemon: v.optional(
      v.strictObject(
        {
          /** ms with no session before the daemon stops its servers and exits; 0 = never. */
          idleTimeout: v.optional(
            v.pipe(v.number("expected a number of milliseconds"), v.integer(), v.minValue(0)),
          ),
        },
        objectMessage("an object with `idleTimeout`"),
      ),
    ),
    /** Defaults for `mcpmux serve`, and makes the daemon listen on HTTP too; flags win. */
    http: v.optional(
      v.strictObject(
        {
          host: v.optional(v.string("expected string")),
          port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
        },
        objectMessage("an object with `host` and `port`"),
      ),
    ),
  },
  objectMessage("a config object with `servers`"),
);

export type ServerConfig = v.InferOutput<typeof ServerSchema>;
export type Config = v.InferOutput<typeof ConfigSchema>;
/** What a user writes: the same shape, before validation. */
export type ConfigInput = v.InferInput<typeof ConfigSchema>;

export const DEFAULT_SEPARATOR = "__";
export const DEFAULT_PAGE_SIZE = 0;
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
export const DEFAULT_DAEMON_IDLE_MS = 10 * 60_000;
/** Remote servers serve concurrent requests; stdio servers get 1 (exact attribution). */
export const DEFAULT_REMOTE_CONCURRENCY = 16;
