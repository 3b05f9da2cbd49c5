/** Glob matching for routing rules: `*`, `?`, literals, anchoring and case. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { globToRegExp } from "../../../src/routes/glob.ts";

const matches = (glob: string, text: string) => globToRegExp(glob).test(text);

describe("globToRegExp", () => {
  test("`*` matches any run of characters, including none", () => {
    assert.ok(matches("github__*", "github__create_issue"));
    assert.ok(matches("github__*", "github__"));
    assert.ok(matches("*", ""));
    assert.ok(matches("*delete*", "fs__delete_file"));
    assert.ok(matches("*delete*", "delete"));
    assert.ok(!matches("*delete*", "fs__remove"));
  });

  test("`*` crosses `/` and `__`, and line breaks", () => {
    assert.ok(matches("resources/*", "resources/templates/list"));
    assert.ok(matches("file:///*.md", "file:///docs/a/b.md"));
    assert.ok(matches("a*z", "a__b__z"));
    assert.ok(matches("a*z", "a\nz"));
  });

  test("`?` matches exactly one character", () => {
    assert.ok(matches("a?c", "abc"));
    assert.ok(!matches("a?c", "ac"));
    assert.ok(!matches("a?c", "abbc"));
    assert.ok(matches("a??", "a\nb"));
  });

  test("`?` matches one code point, not half of a surrogate pair", () => {
    assert.ok(matches("x?y", "x😀y"));
    assert.ok(!matches("x??y", "x😀y"));
  });

  test("is anchored at both ends", () => {
    assert.ok(!matches("git*", "xgithub"));
    assert.ok(!matches("*hub", "github_"));
    assert.ok(!matches("tools/call", "tools/call2"));
    assert.ok(!matches("tools/call", "xtools/call"));
  });

  test("is case-sensitive", () => {
    assert.ok(!matches("GitHub__*", "github__x"));
    assert.ok(!matches("claude*", "Claude-code"));
  });

  test("regular-expression characters are literal", () => {
    assert.ok(matches("a.b", "a.b"));
    assert.ok(!matches("a.b", "axb"));
    assert.ok(matches("a+b", "a+b"));
    assert.ok(!matches("a+b", "aab"));
    assert.ok(matches("[ab]", "[ab]"));
    assert.ok(!matches("[ab]", "a"));
    assert.ok(matches("(x)|{1}^$\\", "(x)|{1}^$\\"));
    assert.ok(!matches("x|y", "x"));
    assert.ok(matches("fs-read", "fs-read"));
  });

  test("a glob without wildcards matches only itself", () => {
    assert.ok(matches("fs__read", "fs__read"));
    assert.ok(!matches("fs__read", "fs__rea"));
    assert.ok(!matches("", "x"));
    assert.ok(matches("", ""));
  });
});
