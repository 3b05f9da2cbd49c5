/**
 * What a plugin's default export must look like, checked when the host
 * loads it, so a mistake reads `tools.greet.handler: expected a function`
 * instead of failing later inside a call. Unknown keys are errors: a typo
 * like `inputSchema` for `input` would otherwise be silently ignored.
 */
import * as v from "valibot";
import { objectMessage, plainObject } from "../validation/messages.ts";
import type { PluginDefinition } from "./define.ts";
import { isSchemaLike } from "./schemas.ts";

/** MCP's rule for tool and prompt names. */
const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const NAME_RULE = "a name of 1 to 128 letters, digits, '_', '-' or '.'";

const text = v.string("expected a string");

const handler = v.custom<(...args: never[]) => unknown>(
  (value) => typeof value === "function",
  (issue) => (issue.received === "undefined" ? "is required" : "expected a function"),
);

const schemaLike = v.custom<object>(
  isSchemaLike,
  "expected a valibot schema or a JSON Schema object",
);

function keyedBy<T extends v.GenericSchema>(key: v.GenericSchema<string>, entry: T, what: string) {
  return v.pipe(plainObject(what), v.record(key, entry));
}

const ToolSchema = v.strictObject(
  {
    title: v.optional(text),
    description: text,
    input: v.optional(schemaLike),
    output: v.optional(schemaLike),
    annotations: v.optional(plainObject("an object of tool annotations")),
    handler,
  },
  objectMessage("a tool: { description, input, handler }"),
);

const PromptArgumentSchema = v.strictObject(
  {
    name: text,
    description: v.optional(text),
    required: v.optional(v.boolean("expected true or false")),
  },
  objectMessage("an argument: { name, description?, required? }"),
);

const PromptSchema = v.strictObject(
  {
    title: v.optional(text),
    description: text,
    arguments: v.optional(v.array(PromptArgumentSchema, "expected an array of arguments")),
    handler,
  },
  objectMessage("a prompt: { description, arguments?, handler }"),
);

const resourceEntries = {
  name: text,
  title: v.optional(text),
  description: v.optional(text),
  mimeType: v.optional(text),
  read: handler,
};

const ResourceSchema = v.strictObject(resourceEntries, objectMessage("a resource: { name, read }"));

const ResourceTemplateSchema = v.strictObject(
  resourceEntries,
  objectMessage("a resource template: { name, read }"),
);

const toolName = v.pipe(v.string(), v.regex(NAME, NAME_RULE));

const uri = v.pipe(
  v.string(),
  v.check((value) => URL.canParse(value), "expected an absolute URI, e.g. notes://today"),
);

const uriTemplate = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][A-Za-z0-9+.-]*:/, "expected a URI template, e.g. notes://{id}"),
);

export const PluginDefinitionSchema = v.strictObject(
  {
    name: v.pipe(text, v.nonEmpty("must not be empty")),
    version: v.pipe(text, v.nonEmpty("must not be empty")),
    instructions: v.optional(text),
    tools: v.optional(keyedBy(toolName, ToolSchema, "an object of tools")),
    prompts: v.optional(keyedBy(toolName, PromptSchema, "an object of prompts")),
    resources: v.optional(keyedBy(uri, ResourceSchema, "an object of resources keyed by URI")),
    resourceTemplates: v.optional(
      keyedBy(
        uriTemplate,
        ResourceTemplateSchema,
        "an object of resource templates keyed by URI template",
      ),
    ),
  },
  objectMessage("a plugin definition: definePlugin({ name, version, tools, ... })"),
);

export interface DefinitionProblem {
  path: string;
  message: string;
}

export type CheckedDefinition =
  { ok: true; definition: PluginDefinition } | { ok: false; problems: DefinitionProblem[] };

export function checkDefinition(value: unknown): CheckedDefinition {
  const result = v.safeParse(PluginDefinitionSchema, value);
  if (result.success) return { ok: true, definition: value as PluginDefinition };
  return { ok: false, problems: result.issues.map(problemOf) };
}

function problemOf(issue: v.BaseIssue<unknown>): DefinitionProblem {
  return { path: pathText(issue.path ?? []), message: issue.message };
}

/** `tools.greet.handler`; keys that are not plain names (URIs) in brackets: `resources["notes://a"].read`. */
export function pathText(path: readonly { key: unknown }[]): string {
  let out = "";
  for (const { key } of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$-]*$/.test(key))
      out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
