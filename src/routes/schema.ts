/**
 * The schema of `routes` in the config: the single source of truth for what
 * a routing rule may say, with messages that tell the user which rule is
 * wrong and why. Rules are applied in order and the first match wins per
 * item; the checks here refuse rules that could never do what they say.
 */
import * as v from "valibot";
import { objectMessage, SERVER_NAME } from "../validation/messages.ts";

/** The spec's tool-name characters; 64 is what Claude accepts (see protocol/naming.ts). */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** An empty glob matches only an empty name, which is never what was meant. */
const glob = v.optional(
  v.pipe(v.string("expected a glob string"), v.nonEmpty("a glob must not be empty")),
);

const MatchSchema = v.pipe(
  v.strictObject(
    {
      /** Glob on the exposed tool name, e.g. "github__*". */
      tool: glob,
      /** Glob on the exposed prompt name. */
      prompt: glob,
      /** Glob on the resource URI. */
      resource: glob,
      /** Glob on the JSON-RPC method, e.g. "tools/call", "resources/*". */
      method: glob,
      /** Glob on the client's clientInfo.name, e.g. "claude-code*". */
      client: glob,
    },
    objectMessage("an object with tool, prompt, resource, method or client"),
  ),
  v.check(
    (m) => Object.values(m).some((value) => value !== undefined),
    "match needs at least one of tool, prompt, resource, method or client",
  ),
  // All given keys must match, and an item is only one kind: such a rule would never match.
  v.check(
    (m) => [m.tool, m.prompt, m.resource].filter((g) => g !== undefined).length <= 1,
    "match at most one of tool, prompt or resource: an item is only one of them",
  ),
);

export const RouteSchema = v.pipe(
  v.strictObject(
    {
      match: MatchSchema,
      /** The item does not appear in lists and calling it is refused. */
      hide: v.optional(v.literal(true, "hide must be true")),
      /** The tool or prompt is exposed under this name instead. */
      rename: v.optional(
        v.pipe(
          v.string("expected string"),
          v.regex(TOOL_NAME, "rename must be 1-64 of letters, digits, '_', '-' or '.'"),
        ),
      ),
      /** Matching calls go to this server instead; it must offer the same original name. */
      server: v.optional(
        v.pipe(
          v.string("expected string"),
          v.regex(SERVER_NAME, "server names may contain only letters, digits, '_' and '-'"),
        ),
      ),
    },
    objectMessage("a route object with `match` and one of hide, rename or server"),
  ),
  v.check(
    (r) => [r.hide, r.rename, r.server].filter((a) => a !== undefined).length === 1,
    "a route needs exactly one of hide, rename or server",
  ),
  // Resources are addressed by URI, which the client does not choose; only names can change.
  v.forward(
    v.partialCheck(
      [["match", "tool"], ["match", "prompt"], ["match", "resource"], ["rename"]],
      (r) => r.rename === undefined || r.match.tool !== undefined || r.match.prompt !== undefined,
      "rename applies to tools and prompts only: match a tool or a prompt",
    ),
    ["rename"],
  ),
  // A client calls a tool by the name it was listed under, so the name cannot vary by method.
  v.forward(
    v.partialCheck(
      [["match", "method"], ["rename"]],
      (r) => r.rename === undefined || r.match.method === undefined,
      "rename cannot depend on method: a tool is called by the name it is listed under",
    ),
    ["rename"],
  ),
);

export const RoutesSchema = v.array(RouteSchema, "expected an array of routes");

export type Route = v.InferOutput<typeof RouteSchema>;
/** What a user writes: the same shape, before validation. */
export type RouteInput = v.InferInput<typeof RouteSchema>;
