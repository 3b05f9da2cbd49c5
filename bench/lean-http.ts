/**
 * A minimal Streamable HTTP client: JSON-RPC POSTs over one keep-alive
 * connection (node:http), answers read whole (JSON or an SSE body). The
 * SDK's client runs on Node 20's fetch, which costs the bench process 1-3 ms
 * of CPU per request - more than the daemon - so over HTTP the SDK client
 * measures itself as much as mcpmux; this one shows what the daemon adds.
 */
import http from "node:http";
import { initializeParams } from "../test/helpers/initialize.ts";

const REQUEST_TIMEOUT_MS = 30_000;

interface Answer {
  id?: unknown;
  result?: unknown;
  error?: { message?: string };
}

function messagesOf(contentType: string, body: string): Answer[] {
  if (!contentType.includes("text/event-stream")) return body === "" ? [] : [JSON.parse(body)];
  return body
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => JSON.parse(line.slice(5)) as Answer);
}

export class LeanHttpSession {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
  };
  private nextId = 1;

  private constructor(private readonly url: URL) {}

  /** Opens a session: initialize, then notifications/initialized. */
  static async open(url: URL): Promise<LeanHttpSession> {
    const session = new LeanHttpSession(url);
    const init = (await session.request("initialize", initializeParams("bench-lean-http"))) as {
      protocolVersion?: string;
    };
    if (init.protocolVersion !== undefined)
      session.headers["mcp-protocol-version"] = init.protocolVersion;
    await session.post({ jsonrpc: "2.0", method: "notifications/initialized" });
    return session;
  }

  callTool(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    return this.request("tools/call", { name, arguments: args });
  }

  /** Ends the session (DELETE) and its connection; never throws. */
  async close(): Promise<void> {
    try {
      if (this.headers["mcp-session-id"] !== undefined) await this.send("DELETE", undefined);
    } catch {
      // the daemon may be gone already
    }
    this.agent.destroy();
  }

  private async request(method: string, params: object): Promise<unknown> {
    const id = this.nextId++;
    const { contentType, body } = await this.post({ jsonrpc: "2.0", id, method, params });
    const answer = messagesOf(contentType, body).find((m) => m.id === id);
    if (answer === undefined) throw new Error(`${method}: no answer in ${JSON.stringify(body)}`);
    if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  }

  private post(message: object): Promise<{ contentType: string; body: string }> {
    return this.send("POST", JSON.stringify(message));
  }

  private send(
    method: "POST" | "DELETE",
    payload: string | undefined,
  ): Promise<{ contentType: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.url,
        { method, headers: this.headers, agent: this.agent },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("error", reject);
          res.on("end", () => {
            const sessionId = res.headers["mcp-session-id"];
            if (typeof sessionId === "string") this.headers["mcp-session-id"] = sessionId;
            if ((res.statusCode ?? 0) >= 400)
              reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
            else resolve({ contentType: res.headers["content-type"] ?? "", body });
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)),
      );
      req.on("error", reject);
      req.end(payload);
    });
  }
}
