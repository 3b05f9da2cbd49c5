/** Matching concrete URIs against RFC 6570 templates, to route resources/read. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { templatePattern } from "../../../src/protocol/uri-template.ts";

function matches(template: string, uri: string): boolean {
  return templatePattern(template).test(uri);
}

describe("templatePattern", () => {
  test("a template without expressions matches only itself", () => {
    assert.equal(matches("config://app", "config://app"), true);
    assert.equal(matches("config://app", "config://app2"), false);
    assert.equal(matches("config://app", "xconfig://app"), false);
    assert.equal(matches("config://app", "config://ap"), false);
  });

  test("regex metacharacters in the literal part are taken literally", () => {
    const template = "file:///a.b(c)+[d]$^|*?/{name}";
    assert.equal(matches(template, "file:///a.b(c)+[d]$^|*?/x"), true);
    assert.equal(matches(template, "file:///aXb(c)+[d]$^|*?/x"), false);
    assert.equal(matches(template, "file:///a.b(cc)+[d]$^|*?/x"), false);
  });

  test("simple {var} matches one path segment", () => {
    assert.equal(matches("users://{id}/profile", "users://42/profile"), true);
    assert.equal(matches("users://{id}/profile", "users://alice%20b/profile"), true);
    assert.equal(matches("users://{id}/profile", "users://4/2/profile"), false);
    assert.equal(matches("users://{id}/profile", "users://42/settings"), false);
  });

  test("simple {var} does not swallow a query or fragment", () => {
    assert.equal(matches("users://{id}", "users://42?x=1"), false);
    assert.equal(matches("users://{id}", "users://42#top"), false);
  });

  test("several expressions in one template all have to match", () => {
    const template = "github://{owner}/{repo}/issues/{number}";
    assert.equal(matches(template, "github://acme/rocket/issues/7"), true);
    assert.equal(matches(template, "github://acme/rocket/pulls/7"), false);
    assert.equal(matches(template, "github://acme/issues/7"), false);
  });

  test("reserved {+var} matches across slashes", () => {
    assert.equal(matches("file:///{+path}", "file:///home/me/notes.txt"), true);
    assert.equal(matches("file:///{+path}", "file:///a"), true);
    assert.equal(matches("file:///{+path}", "http:///a"), false);
  });

  test("path {/var} matches zero or more /segments", () => {
    assert.equal(matches("repo://r{/path}", "repo://r"), true);
    assert.equal(matches("repo://r{/path}", "repo://r/src"), true);
    assert.equal(matches("repo://r{/path*}", "repo://r/src/index.ts"), true);
    assert.equal(matches("repo://r{/path}", "repo://rx"), false);
  });

  test("query {?var} and continuation {&var} are optional but must start with ? or &", () => {
    const search = "search://items{?q,limit}";
    assert.equal(matches(search, "search://items"), true);
    assert.equal(matches(search, "search://items?q=rust&limit=3"), true);
    assert.equal(matches(search, "search://itemsX"), false);
    assert.equal(matches(search, "search://other?q=rust"), false);
    const more = "search://items?fixed=1{&page}";
    assert.equal(matches(more, "search://items?fixed=1&page=2"), true);
    assert.equal(matches(more, "search://items?fixed=1"), true);
    assert.equal(matches(more, "search://items?fixed=2&page=2"), false);
  });

  test("fragment {#var} matches a #fragment", () => {
    assert.equal(matches("doc://page{#section}", "doc://page#intro"), true);
    assert.equal(matches("doc://page{#section}", "doc://page"), true);
  });

  test("fragment {#var} only matches text that starts with #", {}, () => {
    assert.equal(matches("doc://page{#section}", "doc://pageXYZ"), false);
    assert.equal(matches("doc://page{#section}", "doc://page/other"), false);
  });

  test("the whole URI must match, not just a part of it", () => {
    assert.equal(matches("a://{x}", "a://1/extra"), false);
    assert.equal(matches("a://{x}/b", "prefix-a://1/b"), false);
  });
});
