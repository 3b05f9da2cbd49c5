import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { closestWord, didYouMean } from "../../src/validation/did-you-mean.ts";

describe("did you mean", () => {
  test("suggests the known word a typo was meant to be", () => {
    assert.equal(closestWord("enviroment", ["env", "environment", "command"]), "environment");
    assert.equal(closestWord("pagesize", ["pageSize", "listWait"]), "pageSize");
    assert.equal(closestWord("stauts", ["status", "stop", "start"]), "status");
  });

  test("suggests nothing for a different word", () => {
    assert.equal(closestWord("banana", ["status", "stop", "serve"]), undefined);
    assert.equal(closestWord("x", []), undefined);
  });

  test("formats the hint for a message", () => {
    assert.equal(didYouMean("comand", ["command"]), ' (did you mean "command"?)');
    assert.equal(didYouMean("zzz", ["command"]), "");
  });
});
