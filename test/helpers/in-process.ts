/** A client session inside the test process, on a hub of real servers: sends requests, awaits their answers. */
import type { Hub } from "../../src/core/hub.ts";
import { sessionPort } from "../../src/core/router.ts";
import { Session } from "../../src/core/session.ts";
import type { RpcMessage, RpcResponse } from "../../src/protocol/jsonrpc.ts";
import { initializeParams } from "./initialize.ts";

export class InProcessClient {
  private readonly waiting = new Map<number, (r: RpcResponse) => void>();
  private next = 1;
  readonly session: Session;

  constructor(hub: Hub) {
    this.session = new Session(sessionPort(hub), {
      kind: "stdio",
      send: (message: RpcMessage) => {
        if ("method" in message || typeof message.id !== "number") return;
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      },
    });
  }

  request(method: string, params: Record<string, unknown>): Promise<RpcResponse> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.session.handle({ jsonrpc: "2.0", id, method, params });
    });
  }

  async initialize(name = "in-process"): Promise<void> {
    await this.request("initialize", initializeParams(name));
    this.session.handle({ jsonrpc: "2.0", method: "notifications/initialized" });
  }
}
