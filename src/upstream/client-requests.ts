/**
 * Requests a server sends to its client (sampling, elicitation, roots): the
 * proxy relays each to the one session whose call caused it, if that client
 * declared the capability, and relays the answer back. Nothing ever goes to
 * "the first" or "the newest" session.
 */
import type { ClientCapability, Origin } from "../protocol/caller.ts";
import {
  ErrorCode,
  errorResponse,
  type RequestId,
  type RpcRequest,
  type RpcResponse,
} from "../protocol/jsonrpc.ts";
import type { PendingTable } from "./pending.ts";

const CAPABILITY_OF: Record<string, ClientCapability> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

/** How long the first such request may wait for its session to be the only one with calls in flight. */
const ATTRIBUTION_WAIT_MS = 10_000;

export class ClientRequestRelay {
  private readonly inFlight = new Map<RequestId, AbortController>();

  constructor(private readonly pending: PendingTable) {}

  /**
   * `known`: the call the server said the request is for (a plugin host
   * does), or null when that call is already over; undefined: find it.
   */
  async relay(
    request: RpcRequest,
    reply: (response: RpcResponse) => void,
    known?: Origin | null,
  ): Promise<void> {
    const fail = (code: number, message: string) => reply(errorResponse(request.id, code, message));
    // The first such request may come while several sessions have calls in
    // flight (before calls were cut to one at a time): wait for one to remain.
    const origin =
      known === undefined
        ? await this.pending.soleOriginSoon(ATTRIBUTION_WAIT_MS)
        : (known ?? undefined);
    if (origin === undefined) {
      return fail(
        ErrorCode.InvalidRequest,
        `mcpmux cannot tell which client session ${request.method} is for: it is not tied to exactly one session's request in flight`,
      );
    }
    const capability = CAPABILITY_OF[request.method];
    if (capability !== undefined && !origin.caller.supports(capability)) {
      return fail(
        ErrorCode.MethodNotFound,
        `the client session did not declare the ${capability} capability, so ${request.method} cannot be sent to it`,
      );
    }
    const abort = new AbortController();
    this.inFlight.set(request.id, abort);
    try {
      const answer = await origin.caller.requestClient(
        request.method,
        request.params,
        origin.clientId,
        abort.signal,
      );
      if (!abort.signal.aborted) reply({ ...answer, id: request.id });
    } finally {
      this.inFlight.delete(request.id);
    }
  }

  /** The server cancelled one of its requests: tell the client, drop the answer. */
  cancel(requestId: RequestId): void {
    this.inFlight.get(requestId)?.abort();
  }
}
