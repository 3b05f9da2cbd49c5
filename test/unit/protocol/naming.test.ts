/** Namespacing of tool and prompt names: valid, deterministic, short, and collision-free. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MAX_NAME_LENGTH, exposedName, shortHash } from "../../../src/protocol/naming.ts";

/** The spec's tool-name alphabet, at most 64 characters (what Claude accepts). */
const VALID = /^[A-Za-z0-9_.-]{1,64}$/;
const HASH_SUFFIX = /_[0-9a-f]{8}$/;

describe("shortHash", () => {
  test("is 32-bit FNV-1a (published test vectors), so it is the same on every runtime", () => {
    assert.equal(shortHash(""), "811c9dc5");
    assert.equal(shortHash("a"), "e40c292c");
    assert.equal(shortHash("foobar"), "bf9cf968");
  });

  test("always gives exactly 8 lowercase hex digits", () => {
    for (const text of ["", "x", "fs__read_file", "ü🙂", "a".repeat(1000)]) {
      assert.match(shortHash(text), /^[0-9a-f]{8}$/, text);
    }
  });

  test("differs for names that differ by one character", () => {
    assert.notEqual(shortHash("read_file1"), shortHash("read_file2"));
  });
});

describe("exposedName", () => {
  test("joins prefix, separator and name", () => {
    assert.equal(exposedName("fs", "__", "read_file"), "fs__read_file");
    assert.equal(exposedName("github", ".", "create_issue"), "github.create_issue");
    assert.equal(exposedName("a", "-", "b"), "a-b");
  });

  test("prefix false passes a valid name through unchanged", () => {
    assert.equal(exposedName(false, "__", "read_file"), "read_file");
    assert.equal(exposedName(false, "__", "get-weather.v2"), "get-weather.v2");
  });

  test("replaces invalid characters and keeps the result valid", () => {
    const out = exposedName("fs", "__", "read file/now");
    assert.match(out, VALID);
    assert.ok(out.startsWith("fs__read_file_now"), out);
    assert.match(out, HASH_SUFFIX);
  });

  test("an altered name never collides with the valid name it resembles", () => {
    // "read file" cleans to "read_file", which another tool may really be called.
    const spaced = exposedName("fs", "__", "read file");
    const underscored = exposedName("fs", "__", "read_file");
    assert.equal(underscored, "fs__read_file");
    assert.notEqual(spaced, underscored);
  });

  test("distinct names that clean to the same text stay distinct", () => {
    const names = ["a b", "a/b", "a:b", "a é", "a🙂b"];
    const exposed = names.map((n) => exposedName("srv", "__", n));
    assert.equal(new Set(exposed).size, names.length, exposed.join(", "));
    for (const e of exposed) assert.match(e, VALID);
  });

  test("a name of exactly 64 characters is kept as is", () => {
    const name = "t".repeat(MAX_NAME_LENGTH - "fs__".length);
    const out = exposedName("fs", "__", name);
    assert.equal(out, `fs__${name}`);
    assert.equal(out.length, 64);
  });

  test("a name over 64 characters is shortened to 64 with an 8-hex hash", () => {
    const name = "t".repeat(MAX_NAME_LENGTH - "fs__".length + 1);
    const out = exposedName("fs", "__", name);
    assert.equal(out.length, 64);
    assert.match(out, HASH_SUFFIX);
    assert.match(out, VALID);
    // The readable start of the name survives.
    assert.ok(out.startsWith("fs__ttt"), out);
  });

  test("long names that differ only at the end stay distinct", () => {
    const base = "x".repeat(100);
    const a = exposedName("srv", "__", `${base}_alpha`);
    const b = exposedName("srv", "__", `${base}_beta`);
    assert.notEqual(a, b);
    assert.equal(a.length, 64);
    assert.equal(b.length, 64);
  });

  test("is deterministic: the same inputs give the same exposed name", () => {
    const name = `${"y".repeat(80)} with spaces`;
    assert.equal(exposedName("p", "__", name), exposedName("p", "__", name));
  });

  test("the prefix is part of the identity of a shortened name", () => {
    const name = "z".repeat(100);
    assert.notEqual(exposedName("one", "__", name), exposedName("two", "__", name));
  });

  test("prefix false still shortens and cleans names", () => {
    const long = exposedName(false, "__", "q".repeat(200));
    assert.equal(long.length, 64);
    assert.match(long, HASH_SUFFIX);
    const spaced = exposedName(false, "__", "do it");
    assert.match(spaced, VALID);
    assert.notEqual(spaced, "do it");
  });

  test("an empty name with no prefix still yields a valid, non-empty name", () => {
    assert.match(exposedName(false, "__", ""), VALID);
  });
});
