/**
 * Turns a tool's `input` or `output` (a valibot schema, another Standard
 * Schema that can describe itself as JSON Schema, or a plain JSON Schema
 * object) into what the SDK registers: a Standard Schema that validates and
 * knows its JSON Schema. Converted once, when the plugin loads, so a schema
 * that cannot be listed is a load error naming the tool, not a failing
 * `tools/list` later.
 */
import { fromJsonSchema, type StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

/** The JSON Schema dialect MCP tool schemas default to. */
const TARGET = "draft-2020-12";

interface StandardProps {
  vendor: string;
  validate: (value: unknown) => unknown;
  jsonSchema?: { input: (options: { target: string }) => Record<string, unknown> };
}

function standardOf(value: unknown): StandardProps | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null)
    return undefined;
  const props = (value as { "~standard"?: unknown })["~standard"];
  if (typeof props !== "object" || props === null) return undefined;
  return typeof (props as StandardProps).validate === "function"
    ? (props as StandardProps)
    : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A Standard Schema (valibot, zod, ...) or a JSON Schema object. */
export function isSchemaLike(value: unknown): boolean {
  return standardOf(value) !== undefined || isPlainObject(value);
}

export type Converted =
  { ok: true; schema: StandardSchemaWithJSON } | { ok: false; message: string };

/** `io`: an input is described as what it accepts, an output as what it produces. */
export function toToolSchema(value: unknown, io: "input" | "output"): Converted {
  const standard = standardOf(value);
  if (standard?.vendor === "valibot") return listable(fromValibot(value as v.GenericSchema, io));
  if (standard?.jsonSchema !== undefined) return listable(value as StandardSchemaWithJSON);
  if (standard !== undefined) {
    return {
      ok: false,
      message: `a ${standard.vendor} schema cannot describe itself as JSON Schema; use valibot or a JSON Schema object`,
    };
  }
  if (!isPlainObject(value))
    return { ok: false, message: "expected a valibot schema or a JSON Schema object" };
  if (value["type"] !== "object")
    return {
      ok: false,
      message: 'a JSON Schema for tool arguments or results needs `type: "object"`',
    };
  return listable(fromJsonSchema(value as Parameters<typeof fromJsonSchema>[0]));
}

/** valibot validates; its JSON Schema (converted once) is what clients see. */
function fromValibot(schema: v.GenericSchema, io: "input" | "output"): StandardSchemaWithJSON {
  let json: Record<string, unknown> | undefined;
  const describe = () =>
    (json ??= toJsonSchema(schema, { target: TARGET, typeMode: io, errorMode: "throw" }) as Record<
      string,
      unknown
    >);
  return {
    "~standard": { ...schema["~standard"], jsonSchema: { input: describe, output: describe } },
  } as StandardSchemaWithJSON;
}

/** MCP tool schemas describe objects: say so when the plugin loads, not when a client lists tools. */
function listable(schema: StandardSchemaWithJSON): Converted {
  let json: Record<string, unknown>;
  try {
    json = schema["~standard"].jsonSchema.input({ target: TARGET });
  } catch (err) {
    return { ok: false, message: `cannot be described as JSON Schema: ${(err as Error).message}` };
  }
  if (json["type"] !== "object") {
    const type = json["type"] === undefined ? "no type" : `type ${JSON.stringify(json["type"])}`;
    return { ok: false, message: `must describe an object (v.object({...})), not ${type}` };
  }
  return { ok: true, schema };
}
