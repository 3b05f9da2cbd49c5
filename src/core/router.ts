/**
 * What the proxy does with each client request: answer it locally
 * (initialize, ping, lists, log level, subscriptions) or route it to the one
 * server that owns the tool, prompt or resource, with the name restored.
 * Returns the response, or undefined when the request was forwarded and will
 * be answered when the server does.
 */
import { VERSION } from "../version.ts";
import { paginate } from "../protocol/cursor.ts";
import {
  ErrorCode,
  errorResponse,
  resultResponse,
  type JsonObject,
  type RpcRequest,
  type RpcResponse,
} from "../protocol/jsonrpc.ts";
import type { RouteKind } from "../routes/match.ts";
import type { Target } from "./catalog.ts";
import type { Session } from "./session.ts";
import { statusReport } from "./status.ts";

type Handler = (
  session: Session,
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

const ROUTE_KIND: Partial<Record<string, RouteKind>> = {
  tools: "tool",
  prompts: "prompt",
  resources: "resource",
};

function clientName(session: Session): string | undefined {
  const name = session.clientInfo["name"];
  return typeof name === "string" ? name : undefined;
}

/** A tool or prompt name as this client knows it, through the routing rules, to its server. */
function resolveNamed(
  session: Session,
  kind: "tool" | "prompt",
  requested: string,
  method: string,
): Target | undefined {
  const route = session.hub.routes.resolveCall(kind, requested, method, clientName(session));
  if (route.kind === "hidden") return undefined;
  const { catalog } = session.hub;
  const target =
    kind === "tool"
      ? catalog.resolveTool(route.exposedName)
      : catalog.resolvePrompt(route.exposedName);
  if (target === undefined || route.server === undefined) return target;
  return { server: route.server, name: target.name }; // a rule sends it elsewhere, same original name
}

function resolveResource(session: Session, uri: string, method: string): string | undefined {
  const route = session.hub.routes.resolveCall("resource", uri, method, clientName(session));
  if (route.kind === "hidden") return undefined;
  return route.server ?? session.hub.catalog.resolveUri(uri);
}

function invalid(request: RpcRequest, message: string): RpcResponse {
  return errorResponse(request.id, ErrorCode.InvalidParams, message);
}

function initialize(session: Session, request: RpcRequest, params: JsonObject): RpcResponse {
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
  const instructions = session.hub.instructions();
  if (instructions !== undefined) result["instructions"] = instructions;
  return resultResponse(request.id, result);
}

async function list(
  session: Session,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse> {
  const field = LISTS[request.method as keyof typeof LISTS];
  await session.hub.listsReady();
  const all = session.hub.catalog[field];
  const kind = ROUTE_KIND[field];
  // Routing rules decide what this client sees: hidden items go, renamed ones get their new name.
  const visible =
    kind === undefined ? all : session.hub.routes.forList(kind, all, clientName(session));
  const page = paginate(field, visible as JsonObject[], params["cursor"], session.hub.pageSize);
  if (page === undefined) return invalid(request, "Invalid params: unknown cursor");
  const result: JsonObject = { [field]: page.items };
  if (page.nextCursor !== undefined) result["nextCursor"] = page.nextCursor;
  return resultResponse(request.id, result);
}

async function callByName(
  session: Session,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const name = params["name"];
  const isTool = request.method === "tools/call";
  if (typeof name !== "string") return invalid(request, "Invalid params: name must be a string");
  await session.hub.listsReady();
  const target = resolveNamed(session, isTool ? "tool" : "prompt", name, request.method);
  if (target === undefined)
    return invalid(request, `Unknown ${isTool ? "tool" : "prompt"}: ${name}`);
  return session.forward(request, target.server, { ...params, name: target.name }, target.name);
}

async function readResource(
  session: Session,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const uri = params["uri"];
  if (typeof uri !== "string") return invalid(request, "Invalid params: uri must be a string");
  await session.hub.listsReady();
  const server = resolveResource(session, uri, request.method);
  if (server === undefined)
    return errorResponse(request.id, ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, {
      uri,
    });
  return session.forward(request, server, params, uri);
}

async function subscription(
  session: Session,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse> {
  const uri = params["uri"];
  if (typeof uri !== "string") return invalid(request, "Invalid params: uri must be a string");
  const hub = session.hub;
  if (request.method === "resources/unsubscribe") {
    await hub.unsubscribe(session, uri);
    return resultResponse(request.id, {});
  }
  await hub.listsReady();
  const server = resolveResource(session, uri, request.method);
  const pool = server === undefined ? undefined : hub.pools.get(server);
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
  session: Session,
  request: RpcRequest,
  params: JsonObject,
): Promise<RpcResponse | undefined> {
  const ref = params["ref"] as JsonObject | undefined;
  await session.hub.listsReady();
  if (ref?.["type"] === "ref/prompt" && typeof ref["name"] === "string") {
    const target = resolveNamed(session, "prompt", ref["name"], request.method);
    if (target === undefined) return invalid(request, `Unknown prompt: ${ref["name"]}`);
    return session.forward(request, target.server, {
      ...params,
      ref: { ...ref, name: target.name },
    });
  }
  if (ref?.["type"] === "ref/resource" && typeof ref["uri"] === "string") {
    const server = resolveResource(session, ref["uri"], request.method);
    if (server === undefined)
      return errorResponse(
        request.id,
        ErrorCode.ResourceNotFound,
        `Resource not found: ${ref["uri"]}`,
      );
    return session.forward(request, server, params);
  }
  return invalid(
    request,
    "Invalid params: ref must be a ref/prompt with a name or a ref/resource with a uri",
  );
}

function setLevel(session: Session, request: RpcRequest, params: JsonObject): RpcResponse {
  if (!session.setLogLevel(params["level"]))
    return invalid(request, `Invalid params: unknown log level ${JSON.stringify(params["level"])}`);
  return resultResponse(request.id, {});
}

/**
 * `mcpmux status` and `mcpmux stop` talk to the daemon over its private unix
 * socket; these methods exist there only, never on HTTP.
 */
function control(session: Session, request: RpcRequest): RpcResponse {
  const stop = session.hub.onStopRequested;
  if (session.kind !== "socket" || (request.method === "mcpmux/stop" && stop === undefined)) {
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
  return resultResponse(request.id, statusReport(session.hub) as unknown as JsonObject);
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
  }),
);

export function handleRequest(
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
  return handler(session, request, request.params ?? {});
}
