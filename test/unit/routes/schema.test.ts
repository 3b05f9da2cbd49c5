/** The `routes` schema: what a valid rule returns, and what a user sees for a bad one. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as v from "valibot";
import { problemsFromIssues, type ConfigProblem } from "../../../src/validation/problems.ts";
import { RoutesSchema } from "../../../src/routes/schema.ts";

/** The problems one rule is refused with, with paths inside `routes`; fails if accepted. */
function problemsOf(rule: unknown): ConfigProblem[] {
  const result = v.safeParse(RoutesSchema, [rule]);
  assert.ok(!result.success, `expected the route to be refused: ${JSON.stringify(rule)}`);
  return problemsFromIssues(result.issues);
}

/** Asserts the rule is refused with exactly one problem, at `path`, mentioning `text`. */
function refused(rule: unknown, path: string, text: string): void {
  const problems = problemsOf(rule);
  assert.deepEqual(
    problems.map((p) => p.path),
    [path],
    JSON.stringify(problems),
  );
  assert.match(problems[0]?.message ?? "", new RegExp(text));
}

describe("RouteSchema: valid rules", () => {
  test("each action, with each match key, comes back as written", () => {
    const routes = [
      { match: { tool: "*delete*" }, hide: true },
      { match: { prompt: "fs__summarize", client: "claude-code*" }, rename: "summary" },
      { match: { tool: "gh__*", method: "tools/call" }, server: "gh-backup" },
      { match: { resource: "file:///*" }, hide: true },
      { match: { method: "resources/*" }, server: "files" },
      { match: { client: "inspector" }, hide: true },
      { match: { tool: "x" }, rename: "a.b-c_D9" },
    ];
    assert.deepEqual(v.parse(RoutesSchema, routes), routes);
  });
});

describe("RouteSchema: refused rules", () => {
  test("no action", () => {
    refused({ match: { tool: "x" } }, "0", "^a route needs exactly one of hide, rename or server$");
  });

  test("two actions", () => {
    refused(
      { match: { tool: "x" }, hide: true, server: "gh" },
      "0",
      "^a route needs exactly one of hide, rename or server$",
    );
  });

  test("hide: false is not a way to say 'show'", () => {
    refused({ match: { tool: "x" }, hide: false }, "0.hide", "^hide must be true$");
  });

  test("an empty match", () => {
    refused({ match: {}, hide: true }, "0.match", "needs at least one of tool, prompt");
  });

  test("a missing match", () => {
    refused({ hide: true }, "0.match", "^is required$");
  });

  test("an unknown match key", () => {
    refused({ match: { tools: "x" }, hide: true }, "0.match.tools", "^unknown key$");
  });

  test("an unknown rule key", () => {
    refused({ match: { tool: "x" }, hide: true, drop: true }, "0.drop", "^unknown key$");
  });

  test("an empty glob", () => {
    refused({ match: { tool: "" }, hide: true }, "0.match.tool", "must not be empty");
  });

  test("a glob that is not a string", () => {
    refused({ match: { client: 3 }, hide: true }, "0.match.client", "expected a glob string");
  });

  test("two item kinds in one match, which no item could satisfy", () => {
    refused(
      { match: { tool: "*", prompt: "*" }, hide: true },
      "0.match",
      "at most one of tool, prompt or resource",
    );
  });

  test("rename on a resource", () => {
    refused(
      { match: { resource: "file:///*" }, rename: "x" },
      "0.rename",
      "^rename applies to tools and prompts only",
    );
  });

  test("rename without a tool or prompt to rename", () => {
    refused(
      { match: { client: "claude*" }, rename: "x" },
      "0.rename",
      "^rename applies to tools and prompts only",
    );
  });

  test("rename limited by method", () => {
    refused(
      { match: { tool: "x", method: "tools/list" }, rename: "y" },
      "0.rename",
      "cannot depend on method",
    );
  });

  test("rename to an invalid tool name", () => {
    for (const name of ["", "has space", "a/b", "x".repeat(65)])
      refused({ match: { tool: "x" }, rename: name }, "0.rename", "^rename must be 1-64 of");
  });

  test("rename to a name of exactly 64 characters is accepted", () => {
    const route = { match: { tool: "x" }, rename: "x".repeat(64) };
    assert.deepEqual(v.parse(RoutesSchema, [route]), [route]);
  });

  test("server with characters a server name cannot have", () => {
    refused({ match: { tool: "x" }, server: "a b" }, "0.server", "^server names may contain");
  });

  test("the path names the rule by its position", () => {
    const result = v.safeParse(RoutesSchema, [
      { match: { tool: "a" }, hide: true },
      { match: { tool: "b" }, hide: true },
      { match: { tool: "c" } },
    ]);
    assert.ok(!result.success);
    assert.deepEqual(
      problemsFromIssues(result.issues).map((p) => p.path),
      ["2"],
    );
  });

  test("routes must be an array", () => {
    const result = v.safeParse(RoutesSchema, { match: { tool: "a" }, hide: true });
    assert.ok(!result.success);
    assert.equal(result.issues[0]?.message, "expected an array of routes");
  });
});
