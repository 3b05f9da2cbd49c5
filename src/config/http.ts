/**
 * The `http` section's defaults, and what counts as a loopback bind address
 * (anything else must be protected by a bearer token).
 */

export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 7780;
/** A session with no request and no open stream for this long is closed. */
export const DEFAULT_HTTP_SESSION_IDLE_MS = 30 * 60_000;
export const DEFAULT_HTTP_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_HTTP_MAX_SESSIONS = 256;

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const octets = h.split(".");
  return (
    octets.length === 4 &&
    octets[0] === "127" &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

export const NON_LOOPBACK_NEEDS_TOKEN =
  'a bearer token is required when HTTP listens on an address other machines can reach: set http.auth.token in the config (for example "${env:MCPMUX_TOKEN}"), or listen on 127.0.0.1';
