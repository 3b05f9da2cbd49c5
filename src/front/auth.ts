/**
 * Optional bearer token auth for the HTTP front: every request must carry
 * `Authorization: Bearer <token>`; on the few paths given as `queryPaths`
 * (the dashboard: a browser's EventSource cannot set headers) a `?token=`
 * query parameter may stand in for a missing header. Both sides are hashed
 * before a constant-time comparison, so the time taken says nothing about
 * the length or content of the token.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { rpcErrorResponse } from "./http-errors.ts";

export type BearerCheck = "ok" | "missing" | "wrong";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** The token in an `Authorization: Bearer ...` header, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = header?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** A checker for one expected token: whether an Authorization header carries it. */
export function bearerChecker(token: string): (header: string | undefined | null) => BearerCheck {
  const expected = digest(token);
  return (header) => {
    const given = bearerToken(header);
    // Compared even when missing, so a missing token takes as long as a wrong one.
    const same = timingSafeEqual(expected, digest(given ?? ""));
    if (given === undefined) return "missing";
    return same ? "ok" : "wrong";
  };
}

export function bearerAuth(token: string, queryPaths: readonly string[] = []): MiddlewareHandler {
  const check = bearerChecker(token);
  const expected = digest(token);
  const allowQuery = new Set(queryPaths);
  return async (c, next) => {
    let result = check(c.req.header("authorization"));
    if (result === "missing" && allowQuery.has(c.req.path)) {
      const given = c.req.query("token");
      // The same constant-time comparison as the header's.
      const same = timingSafeEqual(expected, digest(given ?? ""));
      if (given !== undefined) result = same ? "ok" : "wrong";
    }
    if (result !== "ok") return unauthorized(result);
    await next();
    return undefined;
  };
}

function unauthorized(result: "missing" | "wrong"): Response {
  return rpcErrorResponse(
    401,
    -32001,
    `Unauthorized: ${result} bearer token (send "Authorization: Bearer <token>" with the token in http.auth.token)`,
    {
      "www-authenticate":
        result === "missing"
          ? 'Bearer realm="mcpmux"'
          : 'Bearer realm="mcpmux", error="invalid_token"',
    },
  );
}
