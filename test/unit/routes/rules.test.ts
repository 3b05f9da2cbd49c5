/** RouteTable: what each client sees in lists, and where each call goes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as v from "valibot";
import type { JsonObject } from "../../../src/protocol/jsonrpc.ts";
import { RouteTable } from "../../../src/routes/rules.ts";
import { RoutesSchema, type RouteInput } from "../../../src/routes/schema.ts";

/** Rules go through the schema, as they would from a config. */
const table = (...routes: RouteInput[]) => new RouteTable(v.parse(RoutesSchema, routes));

// JsonObject is what the catalog holds; lists are passed as such.
const tool = (name: string): JsonObject => ({ name, inputSchema: { type: "object" } });
const tools = (...names: string[]) => names.map(tool);
const names = (items: Array<Record<string, unknown>>) => items.map((i) => i["name"]);

const CALL = "tools/call";

describe("RouteTable: hide", () => {
  test("a hidden tool is not listed and calling it is refused", () => {
    const routes = table({ match: { tool: "*delete*" }, hide: true });
    const listed = routes.forList("tool", tools("fs__read", "fs__delete", "gh__delete_repo"), "c");
    assert.deepEqual(names(listed), ["fs__read"]);
    assert.deepEqual(routes.resolveCall("tool", "fs__delete", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "route",
      exposedName: "fs__read",
    });
  });

  test("calls are refused even before any list was seen", () => {
    const routes = table({ match: { tool: "fs__*" }, hide: true });
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("a rule for tools leaves a prompt of the same name alone", () => {
    const routes = table({ match: { tool: "fs__x" }, hide: true });
    assert.deepEqual(names(routes.forList("prompt", [{ name: "fs__x" }], "c")), ["fs__x"]);
    assert.equal(routes.resolveCall("prompt", "fs__x", "prompts/get", "c").kind, "route");
    assert.equal(routes.resolveCall("tool", "fs__x", CALL, "c").kind, "hidden");
  });

  test("resources are matched by URI", () => {
    const routes = table({ match: { resource: "file:///secret/*" }, hide: true });
    const listed = routes.forList(
      "resource",
      [{ uri: "file:///secret/key" }, { uri: "file:///public/readme" }],
      "c",
    );
    assert.deepEqual(
      listed.map((r) => r["uri"]),
      ["file:///public/readme"],
    );
    assert.deepEqual(routes.resolveCall("resource", "file:///secret/key", "resources/read", "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("a rule with no item key applies to every kind", () => {
    const routes = table({ match: { client: "locked" }, hide: true });
    assert.deepEqual(routes.forList("tool", tools("a"), "locked"), []);
    assert.deepEqual(routes.forList("prompt", [{ name: "p" }], "locked"), []);
    assert.deepEqual(routes.forList("resource", [{ uri: "u:1" }], "locked"), []);
    assert.equal(routes.resolveCall("resource", "u:1", "resources/read", "locked").kind, "hidden");
  });

  test("the returned list is a new array; the input is not changed", () => {
    const routes = table({ match: { tool: "b" }, hide: true });
    const input = tools("a", "b");
    const listed = routes.forList("tool", input, "c");
    assert.deepEqual(names(input), ["a", "b"]);
    assert.notEqual(listed, input);
  });
});

describe("RouteTable: rename", () => {
  const renamed = () => table({ match: { tool: "gh__create_issue" }, rename: "new_issue" });

  test("the tool is listed under its new name, in place, other fields untouched", () => {
    const input = tools("fs__read", "gh__create_issue", "gh__close");
    const listed = renamed().forList("tool", input, "c");
    assert.deepEqual(names(listed), ["fs__read", "new_issue", "gh__close"]);
    assert.deepEqual(listed[1], { name: "new_issue", inputSchema: { type: "object" } });
    // Unchanged items are the same objects; the renamed one is a copy.
    assert.equal(listed[0], input[0]);
    assert.equal(listed[2], input[2]);
    assert.notEqual(listed[1], input[1]);
    assert.equal(input[1]?.["name"], "gh__create_issue");
  });

  test("a call by the new name resolves to the original exposed name", () => {
    const routes = renamed();
    routes.forList("tool", tools("gh__create_issue"), "c");
    assert.deepEqual(routes.resolveCall("tool", "new_issue", CALL, "c"), {
      kind: "route",
      exposedName: "gh__create_issue",
    });
  });

  test("the old name is no longer callable, before or after a list", () => {
    const routes = renamed();
    assert.deepEqual(routes.resolveCall("tool", "gh__create_issue", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
    routes.forList("tool", tools("gh__create_issue"), "c");
    assert.deepEqual(routes.resolveCall("tool", "gh__create_issue", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("calls resolve against the list even when another client listed it", () => {
    const routes = renamed();
    routes.forList("tool", tools("gh__create_issue"), "first");
    assert.deepEqual(routes.resolveCall("tool", "new_issue", CALL, "second"), {
      kind: "route",
      exposedName: "gh__create_issue",
    });
  });

  test("calls resolve against the latest list", () => {
    const routes = renamed();
    routes.forList("tool", tools("fs__read"), "c");
    assert.deepEqual(routes.resolveCall("tool", "new_issue", CALL, "c"), {
      kind: "route",
      exposedName: "new_issue", // unknown: the catalog will refuse it
    });
    routes.forList("tool", tools("fs__read", "gh__create_issue"), "c");
    assert.deepEqual(routes.resolveCall("tool", "new_issue", CALL, "c"), {
      kind: "route",
      exposedName: "gh__create_issue",
    });
  });

  test("calls follow the latest list, even when another client listed it last", () => {
    const routes = renamed();
    routes.forList("tool", tools("fs__read"), "a");
    assert.equal(routes.resolveCall("tool", "new_issue", CALL, "a").kind, "route"); // cached view
    routes.forList("tool", tools("fs__read", "gh__create_issue"), "b");
    assert.deepEqual(routes.resolveCall("tool", "new_issue", CALL, "a"), {
      kind: "route",
      exposedName: "gh__create_issue",
    });
  });

  test("prompts are renamed too", () => {
    const routes = table({ match: { prompt: "fs__summarize" }, rename: "summary" });
    assert.deepEqual(names(routes.forList("prompt", [{ name: "fs__summarize" }], "c")), [
      "summary",
    ]);
    assert.deepEqual(routes.resolveCall("prompt", "summary", "prompts/get", "c"), {
      kind: "route",
      exposedName: "fs__summarize",
    });
  });

  test("a rename to the tool's own name changes nothing, before or after a list", () => {
    const routes = table({ match: { tool: "x" }, rename: "x" });
    const same = { kind: "route", exposedName: "x" };
    assert.deepEqual(routes.resolveCall("tool", "x", CALL, "c"), same);
    const input = tools("x");
    assert.equal(routes.forList("tool", input, "c")[0], input[0]);
    assert.deepEqual(routes.resolveCall("tool", "x", CALL, "c"), same);
  });

  test("two tools can swap names", () => {
    const routes = table(
      { match: { tool: "a" }, rename: "b" },
      { match: { tool: "b" }, rename: "a" },
    );
    assert.deepEqual(names(routes.forList("tool", tools("a", "b"), "c")), ["b", "a"]);
    assert.deepEqual(routes.clashes(), []);
    assert.deepEqual(routes.resolveCall("tool", "a", CALL, "c"), {
      kind: "route",
      exposedName: "b",
    });
    assert.deepEqual(routes.resolveCall("tool", "b", CALL, "c"), {
      kind: "route",
      exposedName: "a",
    });
  });

  test("a rename may take the name of a hidden tool", () => {
    const routes = table(
      { match: { tool: "old_search" }, hide: true },
      { match: { tool: "new_search" }, rename: "old_search" },
    );
    assert.deepEqual(names(routes.forList("tool", tools("old_search", "new_search"), "c")), [
      "old_search",
    ]);
    assert.deepEqual(routes.resolveCall("tool", "old_search", CALL, "c"), {
      kind: "route",
      exposedName: "new_search",
    });
  });
});

describe("RouteTable: rename clashes", () => {
  test("two tools renamed to one name: the first in the list wins, the other is dropped", () => {
    const routes = table({ match: { tool: "*__search" }, rename: "search" });
    const listed = routes.forList("tool", tools("fs__search", "gh__search", "gh__read"), "c");
    assert.deepEqual(names(listed), ["search", "gh__read"]);
    assert.deepEqual(routes.clashes(), [
      'routes.0: tool "gh__search" is not listed: "fs__search" was renamed to "search" first',
    ]);
    assert.deepEqual(routes.resolveCall("tool", "search", CALL, "c"), {
      kind: "route",
      exposedName: "fs__search",
    });
    assert.deepEqual(routes.resolveCall("tool", "gh__search", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("renames from two rules clash the same way, whatever the rule order", () => {
    const routes = table(
      { match: { tool: "gh__find" }, rename: "find" },
      { match: { tool: "fs__find" }, rename: "find" },
    );
    assert.deepEqual(names(routes.forList("tool", tools("fs__find", "gh__find"), "c")), ["find"]);
    assert.deepEqual(routes.resolveCall("tool", "find", CALL, "c"), {
      kind: "route",
      exposedName: "fs__find",
    });
    assert.deepEqual(routes.resolveCall("tool", "gh__find", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("a rename never takes the name of a tool that keeps its name, even listed later", () => {
    const routes = table({ match: { tool: "gh__read" }, rename: "fs__read" });
    const input = tools("gh__read", "fs__read");
    const listed = routes.forList("tool", input, "c");
    assert.deepEqual(names(listed), ["fs__read"]);
    assert.equal(listed[0], input[1]);
    assert.deepEqual(routes.clashes(), [
      'routes.0: tool "gh__read" is not listed: "fs__read" is already the name of another tool',
    ]);
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "route",
      exposedName: "fs__read",
    });
  });

  test("clashes() reports the last list only", () => {
    const routes = table({ match: { tool: "*__search" }, rename: "search" });
    routes.forList("tool", tools("fs__search", "gh__search"), "c");
    assert.equal(routes.clashes().length, 1);
    routes.forList("tool", tools("fs__search"), "c");
    assert.deepEqual(routes.clashes(), []);
  });

  test("the same list always gives the same names", () => {
    const routes = table({ match: { tool: "*__search" }, rename: "search" });
    const list = tools("gh__search", "fs__search");
    const first = routes.forList("tool", list, "c");
    routes.forList("tool", tools("fs__search", "gh__search"), "other");
    const again = routes.forList("tool", [...list], "c");
    assert.deepEqual(again, first);
    assert.deepEqual(routes.resolveCall("tool", "search", CALL, "c"), {
      kind: "route",
      exposedName: "gh__search",
    });
  });
});

describe("RouteTable: client-specific rules", () => {
  const clientRoutes = () =>
    table(
      { match: { tool: "*delete*", client: "claude-code*" }, hide: true },
      { match: { tool: "fs__read", client: "inspector" }, rename: "read" },
    );
  const list = () => tools("fs__read", "fs__delete");

  test("two clients see different lists", () => {
    const routes = clientRoutes();
    assert.deepEqual(names(routes.forList("tool", list(), "claude-code")), ["fs__read"]);
    assert.deepEqual(names(routes.forList("tool", list(), "inspector")), ["read", "fs__delete"]);
    assert.deepEqual(names(routes.forList("tool", list(), "other")), ["fs__read", "fs__delete"]);
  });

  test("calls follow the client's own view", () => {
    const routes = clientRoutes();
    routes.forList("tool", list(), "inspector");
    assert.equal(routes.resolveCall("tool", "fs__delete", CALL, "claude-code 2.1").kind, "hidden");
    assert.equal(routes.resolveCall("tool", "fs__delete", CALL, "inspector").kind, "route");
    assert.deepEqual(routes.resolveCall("tool", "read", CALL, "inspector"), {
      kind: "route",
      exposedName: "fs__read",
    });
    // The rename is the inspector's only: for others "read" is just an unknown name...
    assert.deepEqual(routes.resolveCall("tool", "read", CALL, "claude-code"), {
      kind: "route",
      exposedName: "read",
    });
    // ...and the old name still works for them.
    assert.equal(routes.resolveCall("tool", "fs__read", CALL, "claude-code").kind, "route");
    assert.equal(routes.resolveCall("tool", "fs__read", CALL, "inspector").kind, "hidden");
  });

  test("a client that sent no name matches `*` but no named glob", () => {
    const routes = table(
      { match: { tool: "a", client: "*" }, hide: true },
      { match: { tool: "b", client: "claude*" }, hide: true },
    );
    assert.deepEqual(names(routes.forList("tool", tools("a", "b"), undefined)), ["b"]);
  });
});

describe("RouteTable: method-specific rules", () => {
  test("hidden from lists only: not listed but still callable", () => {
    const routes = table({ match: { tool: "fs__*", method: "tools/list" }, hide: true });
    assert.deepEqual(names(routes.forList("tool", tools("fs__read", "gh__x"), "c")), ["gh__x"]);
    assert.equal(routes.resolveCall("tool", "fs__read", CALL, "c").kind, "route");
  });

  test("refused for calls only: listed but not callable", () => {
    const routes = table({ match: { tool: "fs__*", method: "tools/call" }, hide: true });
    assert.deepEqual(names(routes.forList("tool", tools("fs__read"), "c")), ["fs__read"]);
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
  });

  test("a method glob covers every method it matches", () => {
    const routes = table({ match: { method: "resources/*" }, server: "files" });
    for (const method of ["resources/read", "resources/subscribe"])
      assert.deepEqual(routes.resolveCall("resource", "mem:///x", method, "c"), {
        kind: "route",
        exposedName: "mem:///x",
        server: "files",
      });
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "route",
      exposedName: "fs__read",
    });
  });

  test("a list rule matches by the kind's list method", () => {
    const routes = table({ match: { method: "prompts/list" }, hide: true });
    assert.deepEqual(names(routes.forList("tool", tools("a"), "c")), ["a"]);
    assert.deepEqual(routes.forList("prompt", [{ name: "p" }], "c"), []);
  });
});

describe("RouteTable: first match wins", () => {
  test("an earlier server rule shadows a later hide", () => {
    const routes = table(
      { match: { tool: "gh__*" }, server: "gh2" },
      { match: { tool: "gh__delete" }, hide: true },
    );
    assert.deepEqual(names(routes.forList("tool", tools("gh__delete"), "c")), ["gh__delete"]);
    assert.deepEqual(routes.resolveCall("tool", "gh__delete", CALL, "c"), {
      kind: "route",
      exposedName: "gh__delete",
      server: "gh2",
    });
  });

  test("in the other order the hide decides", () => {
    const routes = table(
      { match: { tool: "gh__delete" }, hide: true },
      { match: { tool: "gh__*" }, server: "gh2" },
    );
    assert.deepEqual(routes.forList("tool", tools("gh__delete"), "c"), []);
    assert.deepEqual(routes.resolveCall("tool", "gh__delete", CALL, "c"), {
      kind: "hidden",
      rule: 0,
    });
    assert.deepEqual(routes.resolveCall("tool", "gh__list", CALL, "c"), {
      kind: "route",
      exposedName: "gh__list",
      server: "gh2",
    });
  });

  test("an earlier rename shadows a later hide, and the other way round", () => {
    const renameFirst = table(
      { match: { tool: "x" }, rename: "y" },
      { match: { tool: "x" }, hide: true },
    );
    assert.deepEqual(names(renameFirst.forList("tool", tools("x"), "c")), ["y"]);
    const hideFirst = table(
      { match: { tool: "x" }, hide: true },
      { match: { tool: "x" }, rename: "y" },
    );
    assert.deepEqual(hideFirst.forList("tool", tools("x"), "c"), []);
    assert.deepEqual(hideFirst.resolveCall("tool", "x", CALL, "c"), { kind: "hidden", rule: 0 });
  });

  test("a rule that does not match this client lets a later rule decide", () => {
    const routes = table(
      { match: { tool: "x", client: "a" }, hide: true },
      { match: { tool: "x" }, rename: "y" },
    );
    assert.deepEqual(names(routes.forList("tool", tools("x"), "a")), []);
    assert.deepEqual(names(routes.forList("tool", tools("x"), "b")), ["y"]);
  });
});

describe("RouteTable: server override", () => {
  test("matching calls go to the named server; the list is unchanged", () => {
    const routes = table({ match: { tool: "gh__*", method: "tools/call" }, server: "gh-backup" });
    const input = tools("gh__create", "fs__read");
    assert.deepEqual(routes.forList("tool", input, "c"), input);
    assert.deepEqual(routes.resolveCall("tool", "gh__create", CALL, "c"), {
      kind: "route",
      exposedName: "gh__create",
      server: "gh-backup",
    });
    assert.deepEqual(routes.resolveCall("tool", "fs__read", CALL, "c"), {
      kind: "route",
      exposedName: "fs__read",
    });
  });

  test("a renamed tool's calls can be sent elsewhere by a method rule placed first", () => {
    const routes = table(
      { match: { tool: "gh__create", method: "tools/call" }, server: "gh2" },
      { match: { tool: "gh__create" }, rename: "create" },
    );
    assert.deepEqual(names(routes.forList("tool", tools("gh__create"), "c")), ["create"]);
    assert.deepEqual(routes.resolveCall("tool", "create", CALL, "c"), {
      kind: "route",
      exposedName: "gh__create",
      server: "gh2",
    });
  });

  test("the old name of a renamed tool stays refused when a method rule decides its calls", () => {
    const routes = table(
      { match: { tool: "gh__create", method: "tools/call" }, server: "gh2" },
      { match: { tool: "gh__create" }, rename: "create" },
    );
    const refused = { kind: "hidden", rule: 1 };
    assert.deepEqual(routes.resolveCall("tool", "gh__create", CALL, "c"), refused);
    routes.forList("tool", tools("gh__create"), "c");
    assert.deepEqual(routes.resolveCall("tool", "gh__create", CALL, "c"), refused);
  });
});

describe("RouteTable: problems", () => {
  test("a server action naming an unknown server is a problem at its path", () => {
    const routes = table(
      { match: { tool: "a" }, server: "fs" },
      { match: { tool: "b" }, hide: true },
      { match: { tool: "c" }, server: "gihtub" },
    );
    assert.deepEqual(routes.problems(["fs", "github"]), [
      { path: "routes.2.server", message: 'unknown server "gihtub" (servers: fs, github)' },
    ]);
  });

  test("known servers are no problem", () => {
    const routes = table(
      { match: { tool: "a" }, server: "fs" },
      { match: { tool: "b" }, hide: true },
    );
    assert.deepEqual(routes.problems(["fs"]), []);
  });

  test("with no servers at all, every server action is a problem", () => {
    const routes = table(
      { match: { tool: "a" }, server: "fs" },
      { match: { tool: "b" }, server: "gh" },
    );
    assert.deepEqual(
      routes.problems([]).map((p) => p.path),
      ["routes.0.server", "routes.1.server"],
    );
  });
});

describe("RouteTable: no routes", () => {
  test("lists pass through and calls route to the name asked for", () => {
    const routes = new RouteTable([]);
    const input = tools("a", "b");
    const listed = routes.forList("tool", input, undefined);
    assert.deepEqual(listed, input);
    assert.equal(listed[0], input[0]);
    assert.deepEqual(routes.resolveCall("tool", "a", CALL, undefined), {
      kind: "route",
      exposedName: "a",
    });
    assert.deepEqual(routes.problems([]), []);
  });
});
