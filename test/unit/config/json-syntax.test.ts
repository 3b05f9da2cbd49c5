/** Where a JSON config stops being JSON, and why: the same answer whichever runtime parses it. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { findJsonSyntaxError } from "../../../src/config/json-syntax.ts";
import { positionAt } from "../../../src/validation/source-text.ts";

/** The 1-based line:col and reason of the first error in `text`. */
function errorIn(text: string): { at: string; reason: string } {
  const found = findJsonSyntaxError(text);
  assert.ok(found !== undefined, `expected an error in ${JSON.stringify(text)}`);
  const { line, column } = positionAt(text, found.offset);
  return { at: `${line}:${column}`, reason: found.reason };
}

describe("findJsonSyntaxError", () => {
  test("a key without quotes is named, at the key", () => {
    const e = errorIn('{\n  "servers": {\n    "a": { command: "node" }\n  }\n}\n');
    assert.equal(e.at, "3:12");
    assert.match(e.reason, /property names need double quotes: "command"/);
  });

  test("a trailing comma points at the comma", () => {
    const e = errorIn('{\n  "servers": {\n    "a": { "command": "node" },\n  }\n}\n');
    assert.equal(e.at, "3:31");
    assert.match(e.reason, /comma before "}".*remove it/);
    assert.match(errorIn('{"a": [1, 2,]}').reason, /comma before "]"/);
  });

  test("a missing comma points at what follows it", () => {
    const e = errorIn('{\n  "a": 1\n  "b": 2\n}');
    assert.equal(e.at, "3:3");
    assert.match(e.reason, /comma between properties is missing/);
    assert.match(errorIn("[1 2]").reason, /expected "," or "]", found "2"/);
  });

  test("comments, single quotes, bad escapes and control characters are each named", () => {
    assert.match(errorIn('{\n  // servers\n  "servers": {}\n}').reason, /no comments/);
    assert.equal(errorIn('{\n  // servers\n  "servers": {}\n}').at, "2:3");
    assert.match(errorIn("{'servers': {}}").reason, /double quotes, not single/);
    assert.match(errorIn("{\"a\": 'x'}").reason, /strings need double quotes/);
    assert.match(errorIn('{"a": "C:\\dir"}').reason, /"\\d" is not a JSON escape/);
    assert.match(errorIn('{"a": "\\u12"}').reason, /four hex digits/);
    assert.match(errorIn('{"a": "x\ty"}').reason, /control character/);
  });

  test("an unclosed string, object or file says where it started or ended", () => {
    assert.deepEqual(errorIn('{"a": "x\n}'), {
      at: "1:7",
      reason: 'this string is not closed on its line (a missing ")',
    });
    assert.match(errorIn('{\n  "servers": {\n').reason, /the file ends .* unclosed/);
    assert.equal(errorIn('{\n  "servers": {\n').at, "3:1");
    assert.match(errorIn("").reason, /the file is empty/);
    assert.match(errorIn("  \n").reason, /the file is empty/);
  });

  test("values: bad literals and numbers, and text after the end", () => {
    assert.match(errorIn('{"a": True}').reason, /expected a value, found "True"/);
    assert.match(errorIn('{"a": undefined}').reason, /found "undefined"/);
    assert.match(errorIn('{"a": 01}').reason, /expected "," or "}", found "1"/);
    assert.match(errorIn('{"a": .5}').reason, /expected a value, found "\."/);
    assert.match(errorIn('{"a": -}').reason, /not a JSON number/);
    assert.match(errorIn("{} {}").reason, /after the end/);
  });

  test("valid JSON has no error", () => {
    for (const text of ["{}", "[]", '{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}', " 0 "])
      assert.equal(findJsonSyntaxError(text), undefined, text);
  });

  test("it agrees with JSON.parse on generated texts, valid and broken", () => {
    // A JSON text, then one character removed, replaced or inserted: refused exactly when JSON.parse refuses it.
    const texts = fc
      .tuple(
        fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
        fc.nat(),
        fc.constantFrom("drop", "insert", "replace", "keep"),
        fc.constantFrom(",", "}", "]", '"', ":", "'", "/", "\\", "x", " ", "1", "\n", "\t"),
      )
      .map(([text, at, edit, c]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        if (edit === "drop") return text.slice(0, i) + text.slice(i + 1);
        if (edit === "insert") return text.slice(0, i) + c + text.slice(i);
        if (edit === "replace") return text.slice(0, i) + c + text.slice(i + 1);
        return text;
      });
    fc.assert(
      fc.property(texts, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        assert.equal(findJsonSyntaxError(text) === undefined, parses, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });
});
