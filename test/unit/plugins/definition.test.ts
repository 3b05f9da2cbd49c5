/** Checking a plugin's default export: what passes, and the path and reason of each mistake. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as v from "valibot";
import {
  checkDefinition,
  pathText,
  type DefinitionProblem,
} from "../../../src/plugins/definition-schema.ts";

const handler = () => "ok";

function problemsOf(value: unknown): DefinitionProblem[] {
  const checked = checkDefinition(value);
  assert.equal(
    checked.ok,
    false,
    `expected the definition to be refused: ${JSON.stringify(value)}`,
  );
  return checked.ok ? [] : checked.problems;
}

function messageAt(problems: DefinitionProblem[], path: string): string {
  const at = problems.filter((p) => p.path === path);
  assert.equal(at.length, 1, `problems at "${path}": ${JSON.stringify(problems)}`);
  return at[0]?.message ?? "";
}

const base = { name: "demo", version: "1.0.0" };

describe("plugin definitions", () => {
  test("a full definition passes and is returned as given", () => {
    const definition = {
      ...base,
      instructions: "Use it well",
      tools: {
        greet: { description: "Greets", input: v.object({ name: v.string() }), handler },
        raw: { description: "JSON Schema input", input: { type: "object" }, handler },
        bare: {
          title: "Bare",
          description: "No input",
          annotations: { readOnlyHint: true },
          handler,
        },
      },
      prompts: {
        review: { description: "Review", arguments: [{ name: "code", required: true }], handler },
      },
      resources: { "notes://today": { name: "today", mimeType: "text/plain", read: handler } },
      resourceTemplates: { "notes://{id}": { name: "note", read: handler } },
    };
    const checked = checkDefinition(definition);
    assert.ok(checked.ok, JSON.stringify(checked));
    assert.equal(checked.definition, definition);
  });

  test("a handler that is not a function", () => {
    const problems = problemsOf({
      ...base,
      tools: { greet: { description: "Greets", handler: "hi" } },
    });
    assert.equal(messageAt(problems, "tools.greet.handler"), "expected a function");
  });

  test("missing required fields say they are required", () => {
    const problems = problemsOf({ tools: { greet: { handler } } });
    assert.equal(messageAt(problems, "name"), "is required");
    assert.equal(messageAt(problems, "version"), "is required");
    assert.equal(messageAt(problems, "tools.greet.description"), "is required");
  });

  test("an unknown key is a mistake, not ignored (inputSchema for input)", () => {
    const problems = problemsOf({
      ...base,
      tools: { greet: { description: "Greets", inputSchema: {}, handler } },
    });
    assert.equal(messageAt(problems, "tools.greet.inputSchema"), "unknown key");
  });

  test("an input that is neither a schema nor an object", () => {
    const problems = problemsOf({
      ...base,
      tools: { greet: { description: "G", input: "name", handler } },
    });
    assert.match(
      messageAt(problems, "tools.greet.input"),
      /valibot schema or a JSON Schema object/,
    );
  });

  test("names a client could not call, and URIs that are not URIs, with the key in brackets", () => {
    const problems = problemsOf({
      ...base,
      tools: { "say hello": { description: "x", handler } },
      resources: { today: { name: "today", read: handler } },
      resourceTemplates: { "{id}": { name: "note", read: handler } },
    });
    assert.match(messageAt(problems, 'tools["say hello"]'), /letters, digits/);
    assert.match(messageAt(problems, "resources.today"), /absolute URI/);
    assert.match(messageAt(problems, 'resourceTemplates["{id}"]'), /URI template/);
  });

  test("a resource without read, a prompt argument without a name", () => {
    const problems = problemsOf({
      ...base,
      resources: { "notes://a": { name: "a" } },
      prompts: { p: { description: "p", arguments: [{ description: "no name" }], handler } },
    });
    assert.equal(messageAt(problems, 'resources["notes://a"].read'), "is required");
    assert.equal(messageAt(problems, "prompts.p.arguments[0].name"), "is required");
  });

  test("not an object at all", () => {
    const problems = problemsOf(() => "a function");
    assert.match(messageAt(problems, ""), /plugin definition/);
  });

  test("paths read like code", () => {
    const keys = (...k: unknown[]) => k.map((key) => ({ key }));
    assert.equal(pathText(keys("tools", "greet", "handler")), "tools.greet.handler");
    assert.equal(pathText(keys("resources", "a://b", "read")), 'resources["a://b"].read');
    assert.equal(pathText(keys("prompts", "p", "arguments", 2)), "prompts.p.arguments[2]");
  });
});
