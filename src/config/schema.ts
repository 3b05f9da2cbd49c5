/**
 * The config schema: the single source of truth for what `mcp.config.ts`
 * (or `mcp.config.json`) may say. Types are derived from it.
 */
import * as v from "valibot";
import { RoutesSchema } from "../routes/schema.ts";
import { isLoopbackHost, NON_LOOPBACK_NEEDS_TOKEN } from "./http.ts";
import { objectMessage, plainObject, SERVER_NAME } from "../validation/messages.ts";

const stringMap = v.pipe(
  plainObject("an object of strings"),
  v.record(v.string(), v.string("expected string")),
);

const prefixSchema = v.union(
  [
    v.literal(false),
    v.pipe(
      v.string(),
      v.regex(SERVER_NAME, "prefix may contain only letters, digits, '_' and '-'"),
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

const count = (min: number) =>
  v.pipe(
    v.number("expected a number"),
    v.integer("expected a whole number"),
    v.minValue(min, `expected at least ${min}`),
  );

/** Where a server runs: a child process over stdio, or a remote URL. */
const endpointEntries = {
  command: v.optional(v.pipe(v.string("expected string"), v.nonEmpty("must not be empty"))),
  args: v.optional(v.array(v.string("expected string"), "expected an array of strings")),
  env: v.optional(stringMap),
  cwd: v.optional(v.string("expected string")),
  url: v.optional(v.pipe(v.string("expected string"), v.url("expected a URL"))),
  /** A TypeScript module that default-exports `definePlugin({...})`; mcpmux hosts it. */
  plugin: v.optional(v.pipe(v.string("expected a file path"), v.nonEmpty("must not be empty"))),
  headers: v.optional(stringMap),
  transport: v.optional(v.picklist(["http", "sse"], 'expected "http" or "sse"')),
  /** Share of the work for the weighted strategy. */
  weight: v.optional(
    v.pipe(v.number("expected a number"), v.minValue(0.001, "expected a weight above 0")),
  ),
};

type EndpointShape = {
  [K in "command" | "url" | "plugin" | "headers" | "transport" | "args" | "env" | "cwd"]?: unknown;
};

const URL_ONLY = "`headers` and `transport` apply only to `url` servers";
const COMMAND_ONLY =
  "`args` and `cwd` apply only to `command` servers, `env` to `command` and `plugin` servers";
const urlOnlyFieldsOk = (s: EndpointShape) =>
  s.url !== undefined || (s.headers === undefined && s.transport === undefined);
const commandOnlyFieldsOk = (s: EndpointShape) =>
  (s.command !== undefined || (s.args === undefined && s.cwd === undefined)) &&
  (s.command !== undefined || s.plugin !== undefined || s.env === undefined);

/** One variant of a server (e.g. another command or URL offering other tools). */
export const VariantSchema = v.pipe(
  v.strictObject(endpointEntries, objectMessage("a variant with `command`, `url` or `plugin`")),
  v.check(
    (s) => [s.command, s.url, s.plugin].filter((x) => x !== undefined).length === 1,
    "a variant needs exactly one of `command`, `url` or `plugin`",
  ),
  v.check((s) => urlOnlyFieldsOk(s), URL_ONLY),
  v.check((s) => commandOnlyFieldsOk(s), COMMAND_ONLY),
);

/** How many instances a server runs and how much work each takes. */
const PoolSchema = v.strictObject(
  {
    min: v.optional(count(0)),
    max: v.optional(count(1)),
    /** Client calls in flight at once per instance. */
    maxConcurrency: v.optional(count(1)),
    /** ms an instance above `min` may stay idle before it is retired. */
    idleTimeout: v.optional(count(0)),
    /** ms a call may wait for a free instance before a new one starts, whatever the prediction. */
    scaleUpAfter: v.optional(count(0)),
    queue: v.optional(
      v.strictObject(
        { max: v.optional(count(0)), timeout: v.optional(positiveMs) },
        objectMessage("an object with `max` and `timeout`"),
      ),
    ),
  },
  objectMessage(
    "an object with `min`, `max`, `maxConcurrency`, `idleTimeout`, `scaleUpAfter`, `queue`",
  ),
);

/** Health checks and the circuit breaker of each instance. */
const HealthSchema = v.strictObject(
  {
    /** ms between pings of an idle instance; 0 = no pings. */
    interval: v.optional(count(0)),
    /** ms a ping (and a liveness check after a timed-out call) may take before the instance is replaced. */
    timeout: v.optional(positiveMs),
    /** Consecutive failures (crashes, timeouts, unanswered pings) that open the circuit. */
    failures: v.optional(count(1)),
    /** ms the circuit stays open before one probe call is let through; doubles while it fails. */
    cooldown: v.optional(positiveMs),
  },
  objectMessage("an object with `interval`, `timeout`, `failures`, `cooldown`"),
);

export const STRATEGIES = [
  "round-robin",
  "weighted",
  "least-connections",
  "capability",
  "adaptive",
] as const;
export const SHARE_POLICIES = ["shared", "affinity", "session"] as const;

/** One server: an endpoint (or several variants), and how it is pooled and shared. */
export const ServerSchema = v.pipe(
  v.strictObject(
    {
      ...endpointEntries,
      variants: v.optional(
        v.pipe(
          v.array(VariantSchema, "expected an array of variants"),
          v.minLength(1, "needs at least one variant"),
        ),
      ),
      prefix: v.optional(prefixSchema),
      requestTimeout: v.optional(positiveMs),
      startupTimeout: v.optional(positiveMs),
      pool: v.optional(PoolSchema),
      health: v.optional(HealthSchema),
      strategy: v.optional(v.picklist(STRATEGIES, `expected one of ${STRATEGIES.join(", ")}`)),
      share: v.optional(v.picklist(SHARE_POLICIES, `expected one of ${SHARE_POLICIES.join(", ")}`)),
      disabled: v.optional(v.boolean("expected boolean")),
    },
    objectMessage("a server object with `command`, `url` or `plugin`"),
  ),
  v.check(
    (s) => [s.command, s.url, s.plugin, s.variants].filter((x) => x !== undefined).length === 1,
    "a server needs exactly one of `command` (stdio), `url` (Streamable HTTP / SSE), `plugin` (a TypeScript module) or `variants`",
  ),
  v.check((s) => urlOnlyFieldsOk(s), URL_ONLY),
  v.check((s) => commandOnlyFieldsOk(s), COMMAND_ONLY),
  v.check(
    (s) => s.pool?.min === undefined || s.pool.max === undefined || s.pool.min <= s.pool.max,
    "`pool.min` must not exceed `pool.max`",
  ),
);

export const ConfigSchema = v.strictObject(
  {
    servers: v.pipe(
      plainObject("an object of servers"),
      v.record(
        v.pipe(
          v.string(),
          v.regex(SERVER_NAME, "server names may contain only letters, digits, '_' and '-'"),
        ),
        ServerSchema,
      ),
    ),
    /** Routing rules: hide, rename or redirect tools, prompts and resources; first match wins. */
    routes: v.optional(RoutesSchema),
    /** Between a server's prefix and a tool or prompt name. */
    separator: v.optional(
      v.pipe(
        v.string("expected string"),
        v.regex(/^[A-Za-z0-9_.-]{1,4}$/, "separator must be 1-4 of letters, digits, '_', '-', '.'"),
      ),
    ),
    /**
     * ms a list waits for servers still starting before it answers with what
     * the ready ones offer (the rest is announced with list_changed).
     */
    listWait: v.optional(
      v.pipe(v.number("expected a number of milliseconds"), v.integer(), v.minValue(0)),
    ),
    /** The largest message a stdio or unix socket client may send (one line), in bytes. */
    maxMessageBytes: v.optional(
      v.pipe(v.number("expected a number of bytes"), v.integer(), v.minValue(1024)),
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
      v.pipe(
        v.strictObject(
          {
            host: v.optional(v.string("expected string")),
            port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
            /** Bearer token every request must carry; required unless host is loopback. */
            auth: v.optional(
              v.strictObject(
                { token: v.pipe(v.string("expected string"), v.minLength(1, "must not be empty")) },
                objectMessage("an object with `token`"),
              ),
            ),
            /** ms without a request or an open stream before a session is closed; 0 = never. */
            sessionIdleTimeout: v.optional(
              v.pipe(v.number("expected a number of milliseconds"), v.integer(), v.minValue(0)),
            ),
            /** Largest request body accepted, in bytes. */
            maxBodyBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
            /** Open sessions (Streamable HTTP and SSE together) at most. */
            maxSessions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
          },
          objectMessage(
            "an object with `host`, `port`, `auth`, `sessionIdleTimeout`, `maxBodyBytes`, `maxSessions`",
          ),
        ),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          const { host, auth } = dataset.value;
          if (auth === undefined && host !== undefined && !isLoopbackHost(host))
            addIssue({
              message: NON_LOOPBACK_NEEDS_TOKEN,
              path: [
                {
                  type: "object",
                  origin: "value",
                  input: dataset.value,
                  key: "auth",
                  value: auth,
                },
                { type: "object", origin: "value", input: {}, key: "token", value: undefined },
              ],
            });
        }),
      ),
    ),
  },
  objectMessage("a config object with `servers`"),
);

export type ServerConfig = v.InferOutput<typeof ServerSchema>;
export type VariantConfig = v.InferOutput<typeof VariantSchema>;
export type Strategy = (typeof STRATEGIES)[number];
export type SharePolicy = (typeof SHARE_POLICIES)[number];
export type Config = v.InferOutput<typeof ConfigSchema>;
/** What a user writes: the same shape, before validation. */
export type ConfigInput = v.InferInput<typeof ConfigSchema>;

export const DEFAULT_SEPARATOR = "__";
export const DEFAULT_PAGE_SIZE = 0;
/** Well under the few seconds after which clients (Claude Code) give up on a tool list. */
export const DEFAULT_LIST_WAIT_MS = 500;
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
export const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
export const DEFAULT_DAEMON_IDLE_MS = 10 * 60_000;
/**
 * Pool defaults: a busy stdio server grows to 4 parallel instances, each
 * taking one call at a time (so a server-to-client request always belongs to
 * one session's call); a remote server scales itself and takes many calls.
 */
/** Health defaults: ping an idle instance every 30 s; open its circuit after 3 failures in a row. */
export const DEFAULT_HEALTH = {
  intervalMs: 30_000,
  timeoutMs: 5_000,
  failures: 3,
  cooldownMs: 5_000,
  maxCooldownMs: 60_000,
} as const;

export const DEFAULT_POOL = {
  stdio: { min: 1, max: 4, maxConcurrency: 1 },
  remote: { min: 1, max: 1, maxConcurrency: 16 },
  idleTimeoutMs: 5 * 60_000,
  queueMax: 100,
  queueTimeoutMs: 60_000,
  /** A new instance once a call has waited this long, even if calls looked fast. */
  scaleUpAfterMs: 250,
  /** What a start is assumed to cost until one was measured. */
  startGuessMs: 500,
} as const;
