/** Opaque pagination cursors over the aggregated lists. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { paginate, type Page } from "../../../src/protocol/cursor.ts";

const letters = ["a", "b", "c", "d", "e"];

function must<T>(page: Page<T> | undefined): Page<T> {
  assert.ok(page !== undefined, "expected a page, got a refused cursor");
  return page;
}

/** Follow nextCursor to the end, as a client would. */
function walk<T>(list: string, all: T[], pageSize: number): T[][] {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = must(paginate(list, all, cursor, pageSize));
    pages.push(page.items);
    if (page.nextCursor === undefined) return pages;
    cursor = page.nextCursor;
  }
  assert.fail("pagination did not terminate");
}

describe("paginate", () => {
  test("splits a list into pages of pageSize, in order, covering every item once", () => {
    assert.deepEqual(walk("tools", letters, 2), [["a", "b"], ["c", "d"], ["e"]]);
  });

  test("the first page without a cursor starts at the beginning and offers a next cursor", () => {
    const page = must(paginate("tools", letters, undefined, 2));
    assert.deepEqual(page.items, ["a", "b"]);
    assert.equal(typeof page.nextCursor, "string");
  });

  test("the last page has no nextCursor", () => {
    const first = must(paginate("tools", letters, undefined, 3));
    const last = must(paginate("tools", letters, first.nextCursor, 3));
    assert.deepEqual(last.items, ["d", "e"]);
    assert.equal(last.nextCursor, undefined);
    assert.equal("nextCursor" in last, false);
  });

  test("a list that fills its pages exactly ends without an empty trailing page", () => {
    assert.deepEqual(walk("tools", ["a", "b", "c", "d"], 2), [
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  test("a list shorter than a page comes back whole with no nextCursor", () => {
    const page = must(paginate("tools", ["a"], undefined, 10));
    assert.deepEqual(page, { items: ["a"] });
  });

  test("an empty list is one empty page", () => {
    assert.deepEqual(must(paginate("tools", [], undefined, 2)), { items: [] });
  });

  test("pageSize 0 returns everything in one page", () => {
    const many = Array.from({ length: 500 }, (_, i) => i);
    const page = must(paginate("tools", many, undefined, 0));
    assert.deepEqual(page.items, many);
    assert.equal(page.nextCursor, undefined);
  });

  test("a cursor can be reused: the same cursor gives the same page", () => {
    const first = must(paginate("prompts", letters, undefined, 2));
    const again = must(paginate("prompts", letters, first.nextCursor, 2));
    const retry = must(paginate("prompts", letters, first.nextCursor, 2));
    assert.deepEqual(again.items, ["c", "d"]);
    assert.deepEqual(retry, again);
  });

  test("a cursor handed out for one list is refused by another", () => {
    const tools = must(paginate("tools", letters, undefined, 2));
    assert.equal(paginate("prompts", letters, tools.nextCursor, 2), undefined);
    assert.equal(paginate("resources", letters, tools.nextCursor, 2), undefined);
  });

  test("garbage cursors are refused", () => {
    const garbage: unknown[] = [
      "",
      "not a cursor",
      "%%%",
      "eyJ", // truncated base64 of '{"'
      btoa("null"),
      btoa("[]"),
      btoa("{}"),
      btoa('{"list":"tools"}'),
      btoa('{"list":"tools","offset":"2"}'),
      btoa('{"list":"tools","offset":-2}'),
      btoa('{"list":7,"offset":2}'),
      42,
      null,
      {},
      ["x"],
    ];
    for (const cursor of garbage) {
      assert.equal(paginate("tools", letters, cursor, 2), undefined, JSON.stringify(cursor));
    }
  });
});
