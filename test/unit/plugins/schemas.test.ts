/** Tool schemas from valibot or JSON Schema: what clients are shown, what is checked, what is refused at load. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as v from "valibot";
import { toToolSchema } from "../../../src/plugins/schemas.ts";

function converted(value: unknown, io: "input" | "output" = "input") {
  const result = toToolSchema(value, io);
  assert.ok(result.ok, `expected a schema: ${JSON.stringify(result)}`);
  return result.schema["~standard"];
}

function refused(value: unknown): string {
  const result = toToolSchema(value, "input");
  assert.equal(result.ok, false);
  return result.ok ? "" : result.message;
}

describe("tool schemas", () => {
  test("a valibot object: its JSON Schema as accepted input, and valibot's checks", async () => {
    const schema = converted(
      v.object({
        name: v.pipe(v.string(), v.description("Who")),
        times: v.optional(v.pipe(v.string(), v.transform(Number))),
      }),
    );
    const json = schema.jsonSchema.input({ target: "draft-2020-12" });
    assert.equal(json["type"], "object");
    assert.deepEqual(json["properties"], {
      name: { type: "string", description: "Who" },
      times: { type: "string" }, // the input before the transform
    });
    assert.deepEqual(json["required"], ["name"]);
    const good = (await schema.validate({ name: "Ada", times: "2" })) as { value?: unknown };
    assert.deepEqual(good.value, { name: "Ada", times: 2 });
    const bad = await schema.validate({ name: 1 });
    assert.equal(bad.issues?.length, 1);
  });

  test("a JSON Schema object: listed as given and checked", async () => {
    const json = { type: "object", properties: { a: { type: "number" } }, required: ["a"] };
    const schema = converted(json);
    assert.deepEqual(schema.jsonSchema.input({ target: "draft-2020-12" }), json);
    const bad = (await schema.validate({ a: "x" })) as { issues?: unknown[] };
    assert.ok((bad.issues ?? []).length > 0);
    const good = (await schema.validate({ a: 1 })) as { value?: unknown };
    assert.deepEqual(good.value, { a: 1 });
  });

  test("what cannot be a tool's arguments is refused with the reason", () => {
    assert.match(refused(v.string()), /must describe an object/);
    assert.match(refused(v.object({ when: v.date() })), /cannot be described as JSON Schema/);
    assert.match(refused({ type: "array" }), /needs `type: "object"`/);
    assert.match(refused("name"), /valibot schema or a JSON Schema object/);
    const foreign = {
      "~standard": { version: 1, vendor: "acme", validate: () => ({ value: {} }) },
    };
    assert.match(refused(foreign), /acme schema cannot describe itself/);
  });
});
