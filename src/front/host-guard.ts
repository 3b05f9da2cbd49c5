/**
 * DNS-rebinding protection: a page on an attacker's domain can resolve that
 * domain to 127.0.0.1 and talk to a local server. Requests are accepted only
 * with a Host (and, when sent, an Origin) naming this machine or the address
 * mcpmux was told to bind.
 */
import type { MiddlewareHandler } from "hono";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function hostnameOf(hostHeader: string): string {
  const bracket = hostHeader.match(/^\[[^\]]+\]/);
  if (bracket !== null) return bracket[0].toLowerCase();
  return (hostHeader.split(":")[0] ?? "").toLowerCase();
}

export function allowedHostnames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const allowed = new Set(LOOPBACK);
  if (bindHost !== "0.0.0.0" && bindHost !== "::") allowed.add(bindHost.toLowerCase());
  for (const host of extra) allowed.add(host.toLowerCase());
  return allowed;
}

export function hostGuard(allowed: Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header("host");
    if (host === undefined || !allowed.has(hostnameOf(host))) {
      return forbidden(`Host ${JSON.stringify(host ?? "")} is not allowed`);
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== "null") {
      let originHost: string;
      try {
        originHost = new URL(origin).hostname.toLowerCase();
      } catch {
        return forbidden("malformed Origin header");
      }
      if (!allowed.has(originHost) && !allowed.has(`[${originHost}]`))
        return forbidden(`Origin ${origin} is not allowed`);
    }
    await next();
    return undefined;
  };
}

function forbidden(message: string): Response {
  return new Response(
    JSON.stringify({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32000, message: `Forbidden: ${message}` },
    }),
    {
      status: 403,
      headers: { "content-type": "application/json" },
    },
  );
}
