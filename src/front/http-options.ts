/**
 * What the HTTP front runs with: the config's `http` section with defaults,
 * and `--host`/`--port` on top. A front reachable from other machines must
 * have a token; that is checked here, before anything listens.
 */
import type { Config } from "../config/schema.ts";
import {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_MAX_SESSIONS,
  DEFAULT_HTTP_PORT,
  DEFAULT_HTTP_SESSION_IDLE_MS,
  isLoopbackHost,
  NON_LOOPBACK_NEEDS_TOKEN,
} from "../config/http.ts";

export interface HttpFrontOptions {
  /** The address to listen on (also allowed as a Host header). */
  host: string;
  port: number;
  /** Every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** ms without a request or an open stream before a session is closed; 0 = never. */
  sessionIdleTimeoutMs: number;
  maxBodyBytes: number;
  maxSessions: number;
}

export type HttpSection = NonNullable<Config["http"]>;

export function httpFrontOptions(
  section: HttpSection | undefined,
  override: { host?: string | undefined; port?: number | undefined } = {},
): HttpFrontOptions {
  const token = section?.auth?.token;
  return {
    host: override.host ?? section?.host ?? DEFAULT_HTTP_HOST,
    port: override.port ?? section?.port ?? DEFAULT_HTTP_PORT,
    ...(token === undefined ? {} : { token }),
    sessionIdleTimeoutMs: section?.sessionIdleTimeout ?? DEFAULT_HTTP_SESSION_IDLE_MS,
    maxBodyBytes: section?.maxBodyBytes ?? DEFAULT_HTTP_MAX_BODY_BYTES,
    maxSessions: section?.maxSessions ?? DEFAULT_HTTP_MAX_SESSIONS,
  };
}

/** Why these options must not be served (a non-loopback host without a token), or undefined. */
export function refusal(options: Pick<HttpFrontOptions, "host" | "token">): string | undefined {
  if (options.token !== undefined || isLoopbackHost(options.host)) return undefined;
  return `refusing to serve HTTP on ${options.host} without a token: ${NON_LOOPBACK_NEEDS_TOKEN}`;
}
