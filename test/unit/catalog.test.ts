/** The aggregated catalog: namespacing, reverse routing, clashes and URI routing. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, type CatalogSource } from "../../src/core/catalog.ts";
import type { JsonObject } from "../../src/protocol/jsonrpc.ts";

function source(name: string, parts: Partial<Omit<CatalogSource, "name">> = {}): CatalogSource {
  return {
    name,
    prefix: name,
    tools: [],
    prompts: [],
    resources: [],
    resourceTemplates: [],
    offersResources: false,
    ...parts,
  };
}

const tool = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  inputSchema: { type: "object" },
  ...extra,
});

const names = (items: JsonObject[]) => items.map((i) => i["name"]);

describe("Catalog: namespacing", () => {
  test("tools and prompts are exposed as <prefix><separator><name>", () => {
    const catalog = new Catalog(
      [
        source("fs", { tools: [tool("read"), tool("write")], prompts: [{ name: "summarize" }] }),
        source("gh", { tools: [tool("read")] }),
      ],
      "__",
    );
    assert.deepEqual(names(catalog.tools), ["fs__read", "fs__write", "gh__read"]);
    assert.deepEqual(names(catalog.prompts), ["fs__summarize"]);
  });

  test("the configured separator and prefix are used", () => {
    const catalog = new Catalog([source("fs", { prefix: "files", tools: [tool("read")] })], ".");
    assert.deepEqual(names(catalog.tools), ["files.read"]);
  });

  test("a prefix false server's names are exposed unchanged", () => {
    const catalog = new Catalog(
      [source("fs", { prefix: false, tools: [tool("read")], prompts: [{ name: "p" }] })],
      "__",
    );
    assert.deepEqual(names(catalog.tools), ["read"]);
    assert.deepEqual(names(catalog.prompts), ["p"]);
  });

  test("everything but the name is forwarded, and the server's own list is not modified", () => {
    const original = tool("read", {
      description: "Read a file",
      annotations: { readOnlyHint: true },
      _meta: { x: 1 },
    });
    const snapshot = structuredClone(original);
    const catalog = new Catalog([source("fs", { tools: [original] })], "__");
    assert.deepEqual(catalog.tools[0], { ...snapshot, name: "fs__read" });
    assert.deepEqual(original, snapshot);
  });

  test("items without a string name are left out", () => {
    const catalog = new Catalog(
      [source("fs", { tools: [{ inputSchema: {} }, tool("ok"), { name: 3 }] })],
      "__",
    );
    assert.deepEqual(names(catalog.tools), ["fs__ok"]);
  });
});

describe("Catalog: reverse mapping", () => {
  const catalog = new Catalog(
    [
      source("fs", { tools: [tool("read")], prompts: [{ name: "summarize" }] }),
      source("gh", { tools: [tool("read"), tool("open issue")] }),
      source("raw", { prefix: false, tools: [tool("ping")] }),
    ],
    "__",
  );

  test("resolveTool maps an exposed name back to its server and original name", () => {
    assert.deepEqual(catalog.resolveTool("fs__read"), { server: "fs", name: "read" });
    assert.deepEqual(catalog.resolveTool("gh__read"), { server: "gh", name: "read" });
    assert.deepEqual(catalog.resolveTool("ping"), { server: "raw", name: "ping" });
  });

  test("a name that had to be cleaned still resolves to the original", () => {
    const exposed = catalog.tools
      .map((t) => t["name"])
      .find((n) => String(n).startsWith("gh__open"));
    assert.equal(typeof exposed, "string");
    assert.notEqual(exposed, "gh__open issue");
    assert.deepEqual(catalog.resolveTool(exposed as string), { server: "gh", name: "open issue" });
  });

  test("a very long name resolves to the original", () => {
    const long = `do_${"x".repeat(120)}`;
    const big = new Catalog([source("srv", { tools: [tool(long)] })], "__");
    const exposed = String(big.tools[0]?.["name"]);
    assert.ok(exposed.length <= 64);
    assert.deepEqual(big.resolveTool(exposed), { server: "srv", name: long });
  });

  test("resolvePrompt maps prompts, separately from tools", () => {
    assert.deepEqual(catalog.resolvePrompt("fs__summarize"), { server: "fs", name: "summarize" });
    assert.equal(catalog.resolvePrompt("fs__read"), undefined);
    assert.equal(catalog.resolveTool("fs__summarize"), undefined);
  });

  test("unknown names, and original names of prefixed servers, do not resolve", () => {
    assert.equal(catalog.resolveTool("read"), undefined);
    assert.equal(catalog.resolveTool("fs__nope"), undefined);
    assert.equal(catalog.resolveTool(""), undefined);
    assert.equal(catalog.resolvePrompt("summarize"), undefined);
  });

  test("no clashes are recorded when names are distinct", () => {
    assert.deepEqual(catalog.clashes, []);
  });
});

describe("Catalog: clashes", () => {
  test("two prefix false servers with the same tool keep the first and record the clash", () => {
    const catalog = new Catalog(
      [
        source("first", { prefix: false, tools: [tool("search", { description: "one" })] }),
        source("second", {
          prefix: false,
          tools: [tool("search", { description: "two" }), tool("other")],
        }),
      ],
      "__",
    );
    assert.deepEqual(names(catalog.tools), ["search", "other"]);
    assert.equal(catalog.tools[0]?.["description"], "one");
    assert.deepEqual(catalog.resolveTool("search"), { server: "first", name: "search" });
    assert.deepEqual(catalog.resolveTool("other"), { server: "second", name: "other" });
    assert.deepEqual(catalog.clashes, [
      { kind: "tool", name: "search", kept: "first", dropped: "second" },
    ]);
  });

  test("prompt clashes are recorded as prompts", () => {
    const catalog = new Catalog(
      [
        source("a", { prefix: false, prompts: [{ name: "review" }] }),
        source("b", { prefix: false, prompts: [{ name: "review" }] }),
      ],
      "__",
    );
    assert.equal(catalog.prompts.length, 1);
    assert.deepEqual(catalog.resolvePrompt("review"), { server: "a", name: "review" });
    assert.deepEqual(catalog.clashes, [
      { kind: "prompt", name: "review", kept: "a", dropped: "b" },
    ]);
  });

  test("an unprefixed name that equals another server's exposed name clashes too", () => {
    const catalog = new Catalog(
      [
        source("gh", { tools: [tool("read")] }),
        source("raw", { prefix: false, tools: [tool("gh__read")] }),
      ],
      "__",
    );
    assert.deepEqual(names(catalog.tools), ["gh__read"]);
    assert.deepEqual(catalog.resolveTool("gh__read"), { server: "gh", name: "read" });
    assert.deepEqual(catalog.clashes, [
      { kind: "tool", name: "gh__read", kept: "gh", dropped: "raw" },
    ]);
  });

  test("the same tool name under different prefixes does not clash", () => {
    const catalog = new Catalog(
      [source("a", { tools: [tool("x")] }), source("b", { tools: [tool("x")] })],
      "__",
    );
    assert.equal(catalog.tools.length, 2);
    assert.deepEqual(catalog.clashes, []);
  });
});

describe("Catalog: resources and URI routing", () => {
  test("resources and templates of all servers are listed, in server order", () => {
    const catalog = new Catalog(
      [
        source("a", {
          resources: [{ uri: "a://1", name: "one" }],
          resourceTemplates: [{ uriTemplate: "a://{id}", name: "any a" }],
        }),
        source("b", { resources: [{ uri: "b://1", name: "two" }] }),
      ],
      "__",
    );
    assert.deepEqual(
      catalog.resources.map((r) => r["uri"]),
      ["a://1", "b://1"],
    );
    assert.deepEqual(
      catalog.resourceTemplates.map((r) => r["uriTemplate"]),
      ["a://{id}"],
    );
    // Resource URIs are not namespaced.
    assert.equal(catalog.resources[0]?.["name"], "one");
  });

  test("an exact URI routes to the server that lists it", () => {
    const catalog = new Catalog(
      [
        source("a", { resources: [{ uri: "file:///a.txt" }], offersResources: true }),
        source("b", { resources: [{ uri: "file:///b.txt" }], offersResources: true }),
      ],
      "__",
    );
    assert.equal(catalog.resolveUri("file:///a.txt"), "a");
    assert.equal(catalog.resolveUri("file:///b.txt"), "b");
  });

  test("an exact URI wins over an earlier server's matching template", () => {
    const catalog = new Catalog(
      [
        source("broad", {
          resourceTemplates: [{ uriTemplate: "file:///{+path}" }],
          offersResources: true,
        }),
        source("exact", { resources: [{ uri: "file:///b.txt" }], offersResources: true }),
      ],
      "__",
    );
    assert.equal(catalog.resolveUri("file:///b.txt"), "exact");
    assert.equal(catalog.resolveUri("file:///other/c.txt"), "broad");
  });

  test("a URI matching a template routes to the template's server", () => {
    const catalog = new Catalog(
      [
        source("users", {
          resourceTemplates: [{ uriTemplate: "users://{id}/profile" }],
          offersResources: true,
        }),
        source("repos", {
          resourceTemplates: [{ uriTemplate: "repo://{owner}/{name}" }],
          offersResources: true,
        }),
      ],
      "__",
    );
    assert.equal(catalog.resolveUri("users://42/profile"), "users");
    assert.equal(catalog.resolveUri("repo://acme/rocket"), "repos");
    // Two resource servers and no match: nowhere to send it.
    assert.equal(catalog.resolveUri("users://42/settings"), undefined);
  });

  test("a template match wins over the single-resource-server fallback", () => {
    const catalog = new Catalog(
      [
        source("only", { offersResources: true }),
        source("tpl", { resourceTemplates: [{ uriTemplate: "tpl://{x}" }] }),
      ],
      "__",
    );
    assert.equal(catalog.resolveUri("tpl://1"), "tpl");
    assert.equal(catalog.resolveUri("other://1"), "only");
  });

  test("an unknown URI goes to the only server offering resources", () => {
    const catalog = new Catalog(
      [source("tools-only", { tools: [tool("t")] }), source("files", { offersResources: true })],
      "__",
    );
    assert.equal(catalog.resolveUri("file:///anything"), "files");
  });

  test("an unknown URI is unroutable with several or no resource servers", () => {
    const several = new Catalog(
      [source("a", { offersResources: true }), source("b", { offersResources: true })],
      "__",
    );
    assert.equal(several.resolveUri("x://1"), undefined);
    const none = new Catalog([source("a"), source("b")], "__");
    assert.equal(none.resolveUri("x://1"), undefined);
  });

  test("the same URI from two servers is listed once and routes to the first", () => {
    const catalog = new Catalog(
      [
        source("a", { resources: [{ uri: "shared://x", name: "from a" }], offersResources: true }),
        source("b", { resources: [{ uri: "shared://x", name: "from b" }], offersResources: true }),
      ],
      "__",
    );
    assert.equal(catalog.resources.length, 1);
    assert.equal(catalog.resources[0]?.["name"], "from a");
    assert.equal(catalog.resolveUri("shared://x"), "a");
  });

  test("resources and templates without a string uri are left out", () => {
    const catalog = new Catalog(
      [
        source("a", {
          resources: [{ name: "no uri" }, { uri: 5 }, { uri: "a://ok" }],
          resourceTemplates: [{ name: "no template" }, { uriTemplate: "a://{id}" }],
        }),
      ],
      "__",
    );
    assert.deepEqual(
      catalog.resources.map((r) => r["uri"]),
      ["a://ok"],
    );
    assert.equal(catalog.resourceTemplates.length, 1);
  });
});
