/**
 * definePlugin's types, checked by `tsc` (test/ is type-checked): handler
 * arguments come from each tool's own valibot schema; a JSON Schema input
 * gives a plain object; a value that is no schema is refused.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "valibot";
import { definePlugin } from "../../../src/index.ts";

test("definePlugin returns its definition; handler arguments are typed per tool", async () => {
  const definition = definePlugin({
    name: "typed",
    version: "1.0.0",
    tools: {
      greet: {
        description: "Greets",
        input: v.object({ name: v.string(), times: v.optional(v.number(), 1) }),
        handler: ({ name, times }) => {
          const n: number = times;
          // @ts-expect-error name is a string, not a number
          const wrong: number = name;
          return `${name} ${n} ${String(wrong)}`;
        },
      },
      raw: {
        description: "JSON Schema input",
        input: { type: "object", properties: { a: { type: "number" } } },
        handler: (args) => {
          const a: unknown = args["a"];
          return String(a);
        },
      },
      none: {
        description: "No input",
        handler: (_args, ctx) => ctx.client.name ?? "nobody",
      },
      notASchema: {
        description: "Refused by the types",
        // @ts-expect-error a number is neither a valibot schema nor a JSON Schema object
        input: 42,
        handler: () => "",
      },
    },
  });
  assert.equal(definition.name, "typed");
  const greet = definition.tools?.greet;
  assert.ok(greet !== undefined);
  assert.equal(await greet.handler({ name: "Ada", times: 2 }, {} as never), "Ada 2 Ada");
});
