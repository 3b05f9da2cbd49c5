/**
 * `mcpmux stdio`, the default: a thin pipe between the client's stdio and
 * the shared daemon for this config, started on demand (see start.ts). The
 * daemon does all the MCP work; the shim passes each line on as it came and
 * looks only at its method and id (one JSON.parse per line), to remember
 * what it needs to outlive the daemon:
 *
 * - the client's `initialize` and `notifications/initialized`, its last
 *   `logging/setLevel` and its resource subscriptions, replayed (with ids of
 *   the shim's own, whose answers stop here) to the daemon it reconnects to
 *   when the daemon dies or is replaced (`mcpmux restart`);
 * - the requests in flight, which get an error from the shim when the
 *   daemon goes away, so the client never waits for an answer that cannot
 *   come; server-to-client requests of the lost daemon are cancelled.
 *
 * `mcpmux stop` ends the session: the daemon says so before it closes the
 * connection, and the shim exits (code 0). A client that goes away (stdin
 * ends, stdout closes) ends the shim quietly.
 */
import { existsSync } from "node:fs";
import type { Socket } from "node:net";
import { logger } from "../log.ts";
import { LineSplitter } from "../protocol/ndjson.ts";
import { attach } from "./start.ts";
import { STOPPING_METHOD } from "./wire.ts";

const log = logger("shim");
/** Ids of the requests the shim sends itself; no client id looks like these. */
const OWN_ID = "mcpmux-shim:";
/** How long a reconnected daemon may take to answer the replayed initialize. */
const REPLAY_ANSWER_MS = 30_000;
const RETRY_MAX_MS = 5000;
/** A replayed subscription refused (its server still starting) is tried again, about 30 s in all. */
const RESUBSCRIBE_TRIES = 14;
/** JSON-RPC error for a request lost with its daemon (the SDK's "connection closed"). */
const CONNECTION_CLOSED = -32000;

type Id = string | number;
interface Message {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}
interface Line {
  raw: string;
  /** The message(s) of the line, or undefined when it is not JSON (passed on as is). */
  messages: Message[] | undefined;
}
interface Pending {
  id: Id;
  method: string;
  params: Record<string, unknown> | undefined;
  /** The line itself, for an `initialize` lost before its answer (sent again). */
  raw?: string;
}

const isId = (id: unknown): id is Id => typeof id === "string" || typeof id === "number";
const keyOf = (id: Id): string => (typeof id === "number" ? `n:${id}` : `s:${id}`);

function parse(raw: string): Line {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { raw, messages: undefined };
  }
  const items = Array.isArray(value) ? value : [value];
  return {
    raw,
    messages: items.filter((m): m is Message => typeof m === "object" && m !== null),
  };
}

function paramsOf(message: Message): Record<string, unknown> | undefined {
  const params = message.params;
  return typeof params === "object" && params !== null && !Array.isArray(params)
    ? (params as Record<string, unknown>)
    : undefined;
}

const frame = (message: object): string => `${JSON.stringify(message)}\n`;

class Shim {
  private socket: Socket | undefined;
  /** down: no daemon; replaying: a new daemon hears what the client did; up: lines flow. */
  private state: "down" | "replaying" | "up" = "down";
  /** Client lines that wait for a daemon. */
  private queue: Line[] = [];
  /** Client requests sent to the current daemon and not yet answered, by id. */
  private readonly pending = new Map<string, Pending>();
  /** Server-to-client requests, by the id the client sees: which connection asked, and its own id. */
  private readonly asked = new Map<string, { connection: number; id: Id }>();
  private connection = 0;
  private ownCounter = 0;
  private replayInit: string | undefined;
  private replayTimer: ReturnType<typeof setTimeout> | undefined;
  /** Replayed subscriptions awaiting their answer, by own id. */
  private readonly resubscribing = new Map<
    string,
    { uri: string; attempt: number; connection: number }
  >();

  // What the client did, to replay.
  private initParams: Record<string, unknown> | undefined;
  private initAnswered = false;
  private initialized = false;
  private logLevel: Record<string, unknown> | undefined;
  private readonly subscriptions = new Set<string>();

  private clientGone = false;
  private stopReason: string | undefined;
  private exiting = false;

  constructor(
    private readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(first: Socket): void {
    process.stdout.on("error", (err) => {
      log.debug(`the client's stdout closed: ${err.message}`);
      this.clientGone = true;
      this.exit();
    });
    this.use(first);
    this.state = "up";
    const splitter = new LineSplitter(
      (raw) => this.fromClient(parse(raw)),
      () => log.error("dropped a client message over the size limit"),
    );
    process.stdin.on("data", (chunk: Buffer) => splitter.push(chunk));
    process.stdin.once("end", () => {
      splitter.flush();
      this.clientLeft();
    });
    process.stdin.once("error", () => this.clientLeft());
  }

  // --- client to daemon ------------------------------------------------

  private fromClient(line: Line): void {
    if (this.state !== "up") {
      this.queue.push(line);
      return;
    }
    this.toDaemon(line);
  }

  private toDaemon(line: Line): void {
    const messages = line.messages ?? [];
    for (const m of messages) {
      if (typeof m.method === "string") {
        if (isId(m.id)) this.requested(m.id, m.method, m, line.raw);
        else this.notified(m.method, m);
      } else if (isId(m.id) && messages.length === 1) {
        const answer = this.clientAnswer(m.id, line);
        if (answer === undefined) return; // to a daemon that is gone
        line = answer;
      }
    }
    this.writeDaemon(line.raw);
  }

  private requested(id: Id, method: string, m: Message, raw: string): void {
    const params = paramsOf(m);
    if (method === "initialize") this.initParams = params;
    this.pending.set(keyOf(id), {
      id,
      method,
      params,
      ...(method === "initialize" ? { raw } : {}),
    });
  }

  private notified(method: string, m: Message): void {
    if (method === "notifications/initialized") this.initialized = true;
    if (method === "notifications/cancelled") {
      const id = paramsOf(m)?.["requestId"];
      if (isId(id)) this.pending.delete(keyOf(id)); // the daemon will not answer it
    }
  }

  /** The client's answer to a server-to-client request, with the daemon's id; undefined to drop it. */
  private clientAnswer(id: Id, line: Line): Line | undefined {
    const key = keyOf(id);
    const asked = this.asked.get(key);
    if (asked === undefined) return line;
    this.asked.delete(key);
    if (asked.connection !== this.connection) return undefined;
    if (asked.id === id) return line;
    const [m] = line.messages ?? [];
    return { raw: frame({ ...m, id: asked.id }).trimEnd(), messages: line.messages };
  }

  private writeDaemon(raw: string): void {
    const socket = this.socket;
    if (socket === undefined) return;
    if (!socket.write(`${raw}\n`)) {
      process.stdin.pause();
      socket.once("drain", () => process.stdin.resume());
    }
  }

  // --- daemon to client ------------------------------------------------

  private fromDaemon(line: Line): void {
    const [m] = line.messages ?? [];
    if (m !== undefined && line.messages?.length === 1) {
      if (m.method === STOPPING_METHOD) {
        const reason = paramsOf(m)?.["reason"];
        this.stopReason = typeof reason === "string" ? reason : "stop";
        return;
      }
      if (typeof m.method === "string" && isId(m.id)) {
        line = this.daemonAsks(m.id, m, line);
      } else if (m.method === undefined && isId(m.id)) {
        if (typeof m.id === "string" && m.id.startsWith(OWN_ID)) return this.ownAnswer(m);
        this.answered(m.id, m);
      }
    }
    this.writeClient(line.raw);
  }

  /** A server-to-client request. After a reconnect its id is made distinct from the lost daemon's. */
  private daemonAsks(id: Id, m: Message, line: Line): Line {
    const seen: Id = this.connection === 0 ? id : `${OWN_ID}${this.connection}:${String(id)}`;
    this.asked.set(keyOf(seen), { connection: this.connection, id });
    return seen === id ? line : { raw: frame({ ...m, id: seen }).trimEnd(), messages: [m] };
  }

  private answered(id: Id, m: Message): void {
    const key = keyOf(id);
    const request = this.pending.get(key);
    if (request === undefined) return;
    this.pending.delete(key);
    if (m.result === undefined) return;
    const uri = request.params?.["uri"];
    switch (request.method) {
      case "initialize":
        this.initAnswered = true;
        return;
      case "logging/setLevel":
        this.logLevel = request.params;
        return;
      case "resources/subscribe":
        if (typeof uri === "string") this.subscriptions.add(uri);
        return;
      case "resources/unsubscribe":
        if (typeof uri === "string") this.subscriptions.delete(uri);
        return;
    }
  }

  private writeClient(raw: string): void {
    if (this.clientGone) return;
    if (!process.stdout.write(`${raw}\n`)) {
      const socket = this.socket;
      socket?.pause();
      process.stdout.once("drain", () => socket?.resume());
    }
  }

  // --- connection --------------------------------------------------------

  private use(socket: Socket): void {
    this.socket = socket;
    const splitter = new LineSplitter(
      (raw) => {
        if (this.socket === socket) this.fromDaemon(parse(raw));
      },
      () => log.error("dropped a daemon message over the size limit"),
    );
    socket.on("data", (chunk: Buffer) => splitter.push(chunk));
    socket.on("error", (err) => log.debug(`daemon connection: ${err.message}`));
    socket.once("close", () => {
      if (this.socket === socket) this.lost();
    });
  }

  private lost(): void {
    this.socket = undefined;
    this.state = "down";
    if (this.replayTimer !== undefined) clearTimeout(this.replayTimer);
    if (this.clientGone) return this.exit();
    const stopped = this.stopReason === "stop";
    if (stopped) log.info("mcpmux stop: the daemon ended this session");
    else log.warn("lost the daemon; reconnecting");
    const message = stopped
      ? "mcpmux was stopped (mcpmux stop) before this request was answered"
      : "the mcpmux daemon went away before answering this request; it is being replaced and the session goes on: try again";
    const resend: Line[] = [];
    for (const p of this.pending.values()) {
      if (p.method === "initialize" && p.raw !== undefined && !stopped) {
        resend.push(parse(p.raw)); // no session yet: the next daemon answers it
        continue;
      }
      this.writeClient(
        frame({ jsonrpc: "2.0", id: p.id, error: { code: CONNECTION_CLOSED, message } }).trimEnd(),
      );
    }
    this.pending.clear();
    for (const [key, asked] of this.asked) {
      if (asked.connection !== this.connection) continue;
      const requestId = key.startsWith("n:") ? Number(key.slice(2)) : key.slice(2);
      this.writeClient(
        frame({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId, reason: "the mcpmux daemon went away" },
        }).trimEnd(),
      );
    }
    this.connection++;
    if (stopped) return this.exit();
    this.queue = [...resend, ...this.queue];
    this.stopReason = undefined;
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    let delay = 100;
    while (!this.clientGone) {
      try {
        const socket = await attach(this.file, this.env);
        if (this.clientGone) {
          socket.destroy();
          return;
        }
        log.info("reconnected to the daemon");
        this.use(socket);
        this.replay();
        return;
      } catch (err) {
        log.error(`cannot reach the daemon: ${err instanceof Error ? err.message : String(err)}`);
        this.failQueued(err instanceof Error ? err.message : String(err));
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  /** Requests waiting for a daemon that cannot be reached get an error, not silence. */
  private failQueued(reason: string): void {
    for (const line of this.queue) {
      const [m] = line.messages ?? [];
      if (m !== undefined && typeof m.method === "string" && isId(m.id)) {
        this.writeClient(
          frame({
            jsonrpc: "2.0",
            id: m.id,
            error: {
              code: CONNECTION_CLOSED,
              message: `mcpmux: cannot reach the daemon: ${reason}`,
            },
          }).trimEnd(),
        );
      }
    }
    this.queue = [];
  }

  private ownId(what: string): string {
    return `${OWN_ID}${what}:${++this.ownCounter}`;
  }

  /** Tells the new daemon what the client did, then lets the queued lines through. */
  private replay(): void {
    if (this.initParams === undefined || !this.initAnswered) return this.resume();
    this.state = "replaying";
    this.replayInit = this.ownId("initialize");
    this.writeDaemon(
      frame({
        jsonrpc: "2.0",
        id: this.replayInit,
        method: "initialize",
        params: this.initParams,
      }).trimEnd(),
    );
    const socket = this.socket;
    this.replayTimer = setTimeout(() => {
      log.error(`the daemon did not answer initialize within ${REPLAY_ANSWER_MS} ms`);
      socket?.destroy();
    }, REPLAY_ANSWER_MS);
  }

  private send(method: string, params?: Record<string, unknown>, id?: string): void {
    this.writeDaemon(
      frame({
        jsonrpc: "2.0",
        ...(id === undefined ? {} : { id }),
        method,
        ...(params === undefined ? {} : { params }),
      }).trimEnd(),
    );
  }

  private subscribeAgain(uri: string, attempt: number): void {
    const id = this.ownId("subscribe");
    this.resubscribing.set(id, { uri, attempt, connection: this.connection });
    this.send("resources/subscribe", { uri }, id);
  }

  private ownAnswer(m: Message): void {
    const id = String(m.id);
    const subscribing = this.resubscribing.get(id);
    if (subscribing !== undefined) {
      this.resubscribing.delete(id);
      // The new daemon knows a resource once its server has started: try again for a while.
      const { uri, attempt, connection } = subscribing;
      if (m.error !== undefined && attempt < RESUBSCRIBE_TRIES) {
        const again = (): void => {
          if (connection === this.connection && this.subscriptions.has(uri))
            this.subscribeAgain(uri, attempt + 1);
        };
        setTimeout(again, Math.min(100 * 2 ** attempt, 3000)).unref();
        return;
      }
    }
    if (m.error !== undefined)
      log.warn(`the daemon refused a replayed request: ${JSON.stringify(m.error)}`);
    if (m.id !== this.replayInit || this.state !== "replaying") return;
    clearTimeout(this.replayTimer);
    if (this.initialized) this.send("notifications/initialized");
    if (this.logLevel !== undefined)
      this.send("logging/setLevel", this.logLevel, this.ownId("setLevel"));
    for (const uri of this.subscriptions) this.subscribeAgain(uri, 0);
    this.resume();
  }

  private resume(): void {
    this.state = "up";
    const queued = this.queue;
    this.queue = [];
    for (const line of queued) this.toDaemon(line);
  }

  // --- ending --------------------------------------------------------------

  private clientLeft(): void {
    if (this.clientGone) return;
    this.clientGone = true;
    if (this.socket === undefined) return this.exit();
    this.socket.end();
    setTimeout(() => this.exit(), 2000).unref();
  }

  private exit(): void {
    if (this.exiting) return;
    this.exiting = true;
    this.socket?.destroy();
    if (process.stdout.writableEnded || process.stdout.destroyed) process.exit(0);
    const timer = setTimeout(() => process.exit(0), 1000);
    process.stdout.end(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  }
}

export async function runShim(file: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(file))
    throw new Error(
      `${file}: file not found (create one with \`mcpmux init\`, or pass --config FILE)`,
    );
  new Shim(file, env).start(await attach(file, env));
}
