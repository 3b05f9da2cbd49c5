/** Imported servers are written as TypeScript a person would write, which means what the JSON meant. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import * as prettier from "prettier";
import { tsKey, tsLiteral, tsString } from "../../../src/setup/ts-literal.ts";

/** The value a rendered literal evaluates to. */
const evaluate = (source: string): unknown => new Function(`return (${source});`)();

/** The literal in a statement, as prettier (default options, as a user has) would leave it. */
async function prettierStable(source: string): Promise<boolean> {
  return prettier.check(`export default ${source};\n`, { parser: "typescript" });
}

describe("tsLiteral", () => {
  test("objects have one key per line, indented; short arrays of plain values stay on one line", () => {
    const text = tsLiteral({
      "my-memory": {
        command: "npx",
        args: ["-y", "@modelcontextprotocol/server-memory"],
        env: { MEMORY_FILE_PATH: "${HOME}/m.jsonl" },
        pool: { max: 1 },
        disabled: false,
      },
    });
    assert.equal(
      text,
      `{
  "my-memory": {
    command: "npx",
    args: ["-y", "@modelcontextprotocol/server-memory"],
    env: {
      MEMORY_FILE_PATH: "\${HOME}/m.jsonl",
    },
    pool: {
      max: 1,
    },
    disabled: false,
  },
}`,
    );
  });

  test("an array too long for 80 columns has one item per line", () => {
    const args = ["--root", "/a/rather/long/path/to/a/folder", "--another-flag", "a-value-too"];
    assert.equal(
      tsLiteral({ args }, "  ", 11),
      `{
    args: [
      "--root",
      "/a/rather/long/path/to/a/folder",
      "--another-flag",
      "a-value-too",
    ],
  }`,
    );
  });

  test("keys are quoted only when they must be, and __proto__ stays a plain key", () => {
    assert.equal(tsKey("github"), "github");
    assert.equal(tsKey("_x$1"), "_x$1");
    assert.equal(tsKey("my-memory"), '"my-memory"');
    assert.equal(tsKey("1st"), '"1st"');
    assert.equal(tsKey(""), '""');
    assert.deepEqual(Object.keys(evaluate(tsLiteral({ __proto__x: 1 })) as object), ["__proto__x"]);
    const withProto = evaluate(tsLiteral(JSON.parse('{"__proto__": {"a": 1}}'))) as object;
    assert.deepEqual(Object.getOwnPropertyNames(withProto), ["__proto__"]);
  });

  test("strings survive quotes, backslashes, ${...}, line breaks and U+2028", () => {
    const text = "a'b\"c\\d ${X} `t` \n\r\t \u2028\u2029 \u0000 é 😀";
    assert.equal(evaluate(tsString(text)), text);
    assert.doesNotMatch(tsString(text), /[\u2028\u2029\n]/);
  });

  test("any JSON value renders to source that evaluates to it and that prettier leaves alone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const normal = JSON.parse(JSON.stringify(value)) as unknown; // -0 is 0 in JSON
        const source = tsLiteral(normal, "", "export default ".length);
        assert.deepEqual(evaluate(source), normal);
        // prettier also rewrites numbers (1e+21 to 1e21) and picks the quote needing fewer
        // escapes; the layout is what counts here.
        if (JSON.stringify(normal).match(/e[+-]|\\u|'|\\"/i) === null)
          assert.ok(await prettierStable(source), source);
      }),
      { numRuns: 300 },
    );
  });
});
