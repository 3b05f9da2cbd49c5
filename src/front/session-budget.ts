/**
 * The limit on open HTTP sessions, shared by Streamable HTTP and SSE: a
 * session takes a slot before it is created and gives it back when it ends.
 */
import { rpcErrorResponse } from "./http-errors.ts";

export class SessionBudget {
  private used = 0;

  constructor(readonly max: number) {}

  get size(): number {
    return this.used;
  }

  /** A release function (safe to call more than once), or undefined when every slot is taken. */
  acquire(): (() => void) | undefined {
    if (this.used >= this.max) return undefined;
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }
}

export function tooManySessions(max: number): Response {
  return rpcErrorResponse(
    503,
    -32000,
    `Too many open sessions: the limit is ${max} (http.maxSessions in the config); close a session or raise the limit`,
    { "retry-after": "5" },
  );
}
