/**
 * The `ctx` a plugin handler gets, built from the SDK's request context.
 * Everything it sends goes out as part of the request being handled, so
 * mcpmux can take it to the one session whose call caused it.
 */
import { CLIENT_INFO_META_KEY, type ServerContext } from "@modelcontextprotocol/server";
import * as v from "valibot";
import { RELATED_REQUEST_META_KEY } from "../protocol/related-request.ts";
import type { PluginClient, PluginContext } from "./define.ts";

/**
 * A sampling or elicitation answer may take a person's time. The call's own
 * deadline (mcpmux cancels the call, which aborts the request) is the real
 * bound; this only ends a wait for an answer that was lost.
 */
const CLIENT_REQUEST_TIMEOUT_MS = 30 * 60_000;

const ClientInfoSchema = v.object({
  name: v.optional(v.string()),
  version: v.optional(v.string()),
});

export function pluginContext(ctx: ServerContext, pluginName: string): PluginContext {
  const request = ctx.mcpReq;
  const options = { signal: request.signal, timeout: CLIENT_REQUEST_TIMEOUT_MS };
  const progressToken = request._meta?.progressToken;
  return {
    signal: request.signal,
    requestId: request.id,
    client: callerOf(ctx),
    async progress(progress, total, message) {
      if (progressToken === undefined) return;
      await request.notify({
        method: "notifications/progress",
        params: {
          progressToken,
          progress,
          ...(total === undefined ? {} : { total }),
          ...(message === undefined ? {} : { message }),
        },
      });
    },
    // Tagged with this request's id, so mcpmux takes each to the calling session alone.
    log: (level, data) =>
      request.notify({
        method: "notifications/message",
        params: { level, logger: pluginName, data, _meta: related(request.id) },
      }),
    sample: async (params) =>
      (await request.requestSampling(tagged(params, request.id), options)) as Awaited<
        ReturnType<PluginContext["sample"]>
      >,
    elicit: (params) => request.elicitInput(tagged(params, request.id), options),
  };
}

function related(id: string | number): Record<string, unknown> {
  return { [RELATED_REQUEST_META_KEY]: id };
}

function tagged<P extends { _meta?: Record<string, unknown> | undefined }>(
  params: P,
  id: string | number,
): P {
  return { ...params, _meta: { ...params._meta, ...related(id) } };
}

/**
 * mcpmux tells a plugin host who is calling under the 2026-07-28 client-info
 * key; the SDK lifts such keys out of `_meta` into the envelope.
 */
function callerOf(ctx: ServerContext): PluginClient {
  const raw =
    (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_INFO_META_KEY] ??
    (ctx.mcpReq._meta as Record<string, unknown> | undefined)?.[CLIENT_INFO_META_KEY];
  const parsed = v.safeParse(ClientInfoSchema, raw);
  if (!parsed.success) return {};
  const client: PluginClient = {};
  if (parsed.output.name !== undefined) client.name = parsed.output.name;
  if (parsed.output.version !== undefined) client.version = parsed.output.version;
  return client;
}
