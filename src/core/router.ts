/**
 * What the proxy does with each client request: answer it locally
 * (initialize, ping, lists, log level, subscriptions) or route it to the one
 * server that owns the tool, prompt or resource, with the name restored.
 * Returns the response, or undefined when the request was forwarded and will
 * be answered when the server does.
 */
import { VERSION } from "../version.ts";
import { paginate } from "../protocol/cursor.ts";
import { faultResponse } from "../protocol/fault.ts";
import { exposedName } from "../protocol/naming.ts";
import {
  ErrorCode,
  errorResponse,
  resultResponse,
  type JsonObject,
  type RpcRequest,
  type RpcResponse,
} from "../protocol/jsonrpc.ts";
import type { Target } from "./catalog.ts";
import type { Hub } from "./hub.ts";
import type { Session, SessionPort } from "./session.ts";
import { metricsSnapshot, statusReport, type StatusReport } from "./status.ts";
import { outcomeOf } from "../metrics/outcome.ts";
import type { MetricsPort } from "../metrics/mux-metrics.ts";
import type { ToolStats } from "../metrics/tool-stats.ts";
import type { CallTarget } from "./session.ts";
import type { World } from "./world.ts";

/** One request being handled: who asked, and the hub it is answered from. */
interface Call {
  session: Session;
  hub: Hub;
}

type Handler = (
  call: Call,
  request: RpcRequest,
  params: JsonObject,
) => Promise<RpcResponse | undefined> | RpcResponse | undefined;

const SERVER_CAPABILITIES = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  logging: {},
  completions: {},
};

const LISTS = {
  "tools/list": "tools",
  "prompts/list": "prompts",
  "resources/list": "resources",
  "resources/templates/list": "resourceTemplates",
} as const;

function clientName(session: Session): string | undefined {
  const name = session.clientInfo["name"];
  return typeof name === "string" ? name : undefined;
}

/**
 * The world this request is answered from, read once, after a short wait
 * for servers still on their first start, so a request sees one world.
 */
async function worldOf(call: Call): Promise<World> {
  await call.hub.listsReady();
  return call.hub.world;
}

/**
 * Resolves what a call asks for in the world it is answered from. When no
 * ready server offers it and servers are still on their first start (a slow
 * server, a daemon just restarted), waits for them (up to their startup
 * timeout) and looks again in the world they produce.
 */
async function resolveOnceStarted<T>(
  call: Call,
  resolve: (world: World) => T | undefined,
): Promise<{ world: World; found: T | undefined }> {
  const world = await worldOf(call);
  const found = resolve(world);
  if (found !== undefined || call.hub.firstStartsDone) return { world, found };
  await call.hub.allStarted();
  return { world: call.hub.world, found: resolve(call.hub.world) };
}

/** A tool or prompt name as this client knows it, through the routing rules, to its server. */
function resolveNamed(
  world: World,
  session: Session,
  kind: "tool" | "prompt",
  requested: string,
  method: string,
): Target | undefined {
  const route = world.routes.resolveCall(kind, requested, method, clientName(session));
  if (route.kind === "hidden") return undefined;
  const { catalog } = world;
  const target =
    kind === "tool"
      ? catalog.resolveTool(route.exposedName)
      : catalog.resolvePrompt(route.exposedName);
  if (target === undefined || route.server === undefined) return target;
  return { server: route.server, name: target.name }; // a rule sends it elsewhere, same original name
}

function resolveResource(
  world: World,
  session: Session,
  uri: string,
  method: string,
): string | undefined {
  const route = world.routes.resolveCall("resource", uri, method, clientName(session));
  if (route.kind === "hidden") return undefined;
  return route.server ?? world.catalog.resolveUri(uri);
}

/** Hands the request to the server's pool in this world; the answer comes when the server's does. */
function forward(
  world: World,
  session: Session,
  request: RpcRequest,
  server: string,
  params: JsonObject | undefined,
  target?: string,
  stats?: ToolStats,
): RpcResponse | undefined {
  const pool = world.pools.get(server);
  if (pool === undefined)
    return errorResponse(
      request.id,
      ErrorCode.UpstreamError,
      `server "${server}" is not configured`,
    );
  const via = stats === undefined ? pool : countedTool(stats, session, request, pool);
  return session.forward(request, via, params, target);
}

/**
 * The pool, with each tool call recorded for `status --tools` under the name
 * this client called it by, with this client's name: only here are both known.
 */
function countedTool(
  stats: ToolStats,
  session: Session,
  request: RpcRequest,
  pool: CallTarget,
): CallTarget {
  const tool = String(request.params?.["name"] ?? "?");
  const client = clientName(session) ?? "?";
  return {
    name: pool.name,
    forward: (...args) => {
      const started = Date.now();
      const call = pool.forward(...args);
      void call.done.then((outcome) => {
        const kind = outcomeOf(outcome);
        if (kind === "cancelled") return; // the client changed its mind: neither a success nor a failure
        stats.record(tool, client, kind !== "ok", Date.now() - started);
      });
      return call;
    },
  };
}

/**
 * The server a name belongs to by its prefix, when that server is down: a
 * call to `ghost__search` while "ghost" cannot start is told why, not that
 * the tool does not exist.
 */
function downServerOf(world: World, name: string): { server: string; reason: string } | undefined {
  for (const pool of world.pools.values()) {
    const prefix = pool.config.prefix === undefined ? pool.name : pool.config.prefix;
    if (prefix === false || !name.startsWith(exposedName(prefix, world.separator, ""))) continue;
    const reason = pool.downReason;
    if (reason !== undefined) return { server: pool.name, reason };
  }
  return undefined;
}

function unknownName(world: World, request: RpcRequest, kind: string, name: string): RpcResponse {
  const down = downServerOf(world, name);
  if (down === undefined) return invalid(request, `Unknown ${kind}: ${name}`);
  const message = `server "${down.server}" is down, so ${kind} ${name} is unavailable: ${down.reason} (mcpmux retries it; \`mcpmux status\` shows its state, the daemon log says more)`;
  return {
    ...faultResponse({ kind: "unavailable", server: down.server }, message),
    id: request.id,
  };
}

function invalid(request: RpcRequest, message: string): RpcResponse {
  return errorResponse(request.id, ErrorCode.InvalidParams, message);
}

function initialize({ session, hub }: Call, request: RpcRequest, params: JsonObject): RpcResponse {
  if (session.handshakeDone)
    return errorResponse(request.id, ErrorCode.InvalidRequest, "session is already initialized");
  session.handshakeDone = true;
  session.clientCapabilities = (params["capabilities"] as JsonObject | undefined) ?? {};
  session.clientInfo = (params["clientInfo"] as JsonObject | undefined) ?? {};
  session.protocolVersion = session.negotiateVersion(params["protocolVersion"]);
  const result: JsonObject = {
    protocolVersion: session.protocolVersion,
    capabilities: SERVER_CAPABILITIES,
    serverInfo: { name: "mcpmux", version: VERSION },
  };
  const instructions = hub.instructions();
  if (instructions !== undefined) result["instructions"] = instructions;
  return resultResponse(request.id, result);
}

async function list(call: Call, request: RpcRequest, params: JsonObject): Promise<RpcResponse> {
  const field = LISTS[request.method as keyof typeof LISTS];
  const world = await worldOf(call);
  // Routing rules decide what this client sees: hidden items go, renamed ones get their new name.
  const visible = call.hub.visibleList(field, call.session, world);
  if (params["cursor"] === undefined) call.session.shownLists.set(field, JSON.stringify(visible));
  const page = paginate(field, visible as JsonObject[], params["cursor"], world.pageSize);
  if (page === undefined) return invalid(request, "Invalid params: unknown cursor");
  const result: JsonObject = { [field]: page.items };
  if (page.nextCursor !== undefined) result["nextCursor"] = page.nextCursor;
  return resultResponse(request.id, result);
}

async function callByName(
  call: Call,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const name = params["name"];
  const isTool = request.method === "tools/call";
  if (typeof name !== "string") return invalid(request, "Invalid params: name must be a string");
  const kind = isTool ? "tool" : "prompt";
  const { world, found: target } = await resolveOnceStarted(call, (w) =>
    resolveNamed(w, call.session, kind, name, request.method),
  );
  if (target === undefined) return unknownName(world, request, kind, name);
  const out = { ...params, name: target.name };
  const stats = isTool ? call.hub.metrics.tools : undefined;
  return forward(world, call.session, request, target.server, out, target.name, stats);
}

async function readResource(
  call: Call,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const uri = params["uri"];
  if (typeof uri !== "string") return invalid(request, "Invalid params: uri must be a string");
  const { world, found: server } = await resolveOnceStarted(call, (w) =>
    resolveResource(w, call.session, uri, request.method),
  );
  if (server === undefined)
    return errorResponse(request.id, ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, {
      uri,
    });
  return forward(world, call.session, request, server, params, uri);
}

async function subscription(
  call: Call,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse> {
  const uri = params["uri"];
  if (typeof uri !== "string") return invalid(request, "Invalid params: uri must be a string");
  const { hub, session } = call;
  if (request.method === "resources/unsubscribe") {
    await hub.unsubscribe(session, uri);
    return resultResponse(request.id, {});
  }
  const { world, found: server } = await resolveOnceStarted(call, (w) =>
    resolveResource(w, session, uri, request.method),
  );
  const pool = server === undefined ? undefined : world.pools.get(server);
  if (pool === undefined)
    return errorResponse(request.id, ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, {
      uri,
    });
  if (
    pool.handshake?.capabilities["resources"] === undefined ||
    (pool.handshake.capabilities["resources"] as JsonObject)["subscribe"] !== true
  ) {
    return errorResponse(
      request.id,
      ErrorCode.MethodNotFound,
      `server "${pool.name}" does not support resource subscriptions`,
    );
  }
  try {
    await hub.subscribe(session, uri, pool);
  } catch (err) {
    const rpc = (err as { rpc?: { code: number; message: string; data?: unknown } }).rpc;
    return errorResponse(
      request.id,
      rpc?.code ?? ErrorCode.UpstreamError,
      rpc?.message ?? String(err),
      rpc?.data,
    );
  }
  return resultResponse(request.id, {});
}

async function complete(
  call: Call,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const ref = params["ref"] as JsonObject | undefined;
  const { session } = call;
  const world = await worldOf(call);
  if (ref?.["type"] === "ref/prompt" && typeof ref["name"] === "string") {
    const target = resolveNamed(world, session, "prompt", ref["name"], request.method);
    if (target === undefined) return invalid(request, `Unknown prompt: ${ref["name"]}`);
    return forward(world, session, request, target.server, {
      ...params,
      ref: { ...ref, name: target.name },
    });
  }
  if (ref?.["type"] === "ref/resource" && typeof ref["uri"] === "string") {
    const server = resolveResource(world, session, ref["uri"], request.method);
    if (server === undefined)
      return errorResponse(
        request.id,
        ErrorCode.ResourceNotFound,
        `Resource not found: ${ref["uri"]}`,
      );
    return forward(world, session, request, server, params);
  }
  return invalid(
    request,
    "Invalid params: ref must be a ref/prompt with a name or a ref/resource with a uri",
  );
}

function setLevel({ session }: Call, request: RpcRequest, params: JsonObject): RpcResponse {
  if (!session.setLogLevel(params["level"]))
    return invalid(request, `Invalid params: unknown log level ${JSON.stringify(params["level"])}`);
  return resultResponse(request.id, {});
}

/**
 * `mcpmux status`, `stop` and `reload` talk to the daemon over its private
 * unix socket; these methods exist there only, never on HTTP.
 */
async function control({ session, hub }: Call, request: RpcRequest): Promise<RpcResponse> {
  const { stop, reload } = hub.controls;
  const missing =
    (request.method === "mcpmux/stop" && stop === undefined) ||
    (request.method === "mcpmux/reload" && reload === undefined);
  if (session.kind !== "socket" || missing) {
    return errorResponse(
      request.id,
      ErrorCode.MethodNotFound,
      `Method not found: ${request.method}`,
    );
  }
  if (request.method === "mcpmux/stop") {
    setTimeout(() => stop?.(), 0); // answer first, then stop
    return resultResponse(request.id, {});
  }
  if (request.method === "mcpmux/reload" && reload !== undefined)
    return resultResponse(request.id, await reload());
  if (request.method === "mcpmux/metrics")
    return resultResponse(request.id, { text: await scrape(hub) });
  return resultResponse(request.id, statusReport(hub) as unknown as JsonObject);
}

const HANDLERS = new Map<string, Handler>(
  Object.entries({
    initialize,
    ping: (_s, request) => resultResponse(request.id, {}),
    "tools/list": list,
    "prompts/list": list,
    "resources/list": list,
    "resources/templates/list": list,
    "tools/call": callByName,
    "prompts/get": callByName,
    "resources/read": readResource,
    "resources/subscribe": subscription,
    "resources/unsubscribe": subscription,
    "completion/complete": complete,
    "logging/setLevel": setLevel,
    "mcpmux/status": control,
    "mcpmux/stop": control,
    "mcpmux/reload": control,
    "mcpmux/metrics": control,
  }),
);

export function handleRequest(
  hub: Hub,
  session: Session,
  request: RpcRequest,
): Promise<RpcResponse | undefined> | RpcResponse | undefined {
  const handler = HANDLERS.get(request.method);
  if (handler === undefined)
    return errorResponse(
      request.id,
      ErrorCode.MethodNotFound,
      `Method not found: ${request.method}`,
    );
  return handler({ session, hub }, request, request.params ?? {});
}

/** The Prometheus exposition text of this mux, its gauges read now. */
function scrape(hub: Hub): Promise<string> {
  return hub.metrics.exposition(metricsSnapshot(hub));
}

/**
 * What a session needs from the rest of mcpmux, for the fronts to give each
 * new session; the metrics, for the HTTP front's GET /metrics; and the
 * status report, for its dashboard.
 */
export function sessionPort(
  hub: Hub,
): SessionPort & Required<MetricsPort> & { status: () => StatusReport } {
  return {
    metrics: () => scrape(hub),
    status: () => statusReport(hub),
    handle: (session, request) => handleRequest(hub, session, request),
    attach: (session) => hub.addSession(session),
    detach: (session) => hub.removeSession(session),
    logLevelChanged: () => hub.updateLogLevel(),
  };
}
