import { describe, expect, it } from "vitest";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { cursorKey, encodeCursor } from "../../src/customers/customer-cursor.js";
import { type PageArguments, readPageArguments, takePage } from "../../src/customers/customer-page.js";

const KEY = cursorKey("shop");
const LIST: BepaidCustomer[] = Array.from({ length: 10 }, (_, index) => ({ id: `cst_${index}`, email: `c${index}@example.com`, ip: "10.0.0.1" }));
const cursor = (index: number) => encodeCursor(KEY, `cst_${index}`);

/** The ids of the page the arguments ask for in `kept`, and its pageInfo flags. */
function pageOf(args: PageArguments, kept: readonly BepaidCustomer[] = LIST) {
  const checked = readPageArguments(args, KEY);
  if ("errors" in checked) throw new Error(JSON.stringify(checked.errors));
  const taken = takePage(LIST, kept, checked.request);
  if ("errors" in taken) return taken;
  const { records, hasNextPage, hasPreviousPage } = taken.page;
  return { ids: records.map((record) => Number(record.id.slice(4))), hasPreviousPage, hasNextPage };
}

describe("readPageArguments", () => {
  it("defaults to the first 20, or the last 20 before a cursor when only before is given", () => {
    expect(readPageArguments({}, KEY)).toEqual({ request: { first: 20, afterId: undefined, beforeId: undefined } });
    expect(readPageArguments({ before: cursor(3) }, KEY)).toEqual({ request: { last: 20, afterId: undefined, beforeId: "cst_3" } });
    expect(readPageArguments({ first: 5, before: cursor(3) }, KEY)).toEqual({ request: { first: 5, afterId: undefined, beforeId: "cst_3" } });
  });

  it("accepts 1 and 100, and refuses 0, 101 and first with last, naming the argument", () => {
    expect(readPageArguments({ first: 1 }, KEY)).toHaveProperty("request");
    expect(readPageArguments({ last: 100 }, KEY)).toHaveProperty("request");
    expect(readPageArguments({ first: 0, last: 101 }, KEY)).toEqual({
      errors: { first: ["must be from 1 to 100"], last: ["must be from 1 to 100", "can't be given with first: page forwards with first and after, backwards with last and before"] },
    });
  });

  it("refuses a cursor issued under another key", () => {
    expect(readPageArguments({ after: encodeCursor(cursorKey("another shop"), "cst_1") }, KEY)).toEqual({
      errors: { after: ["is not a cursor this gateway issued for this shop"] },
    });
  });
});

describe("takePage, as the Relay cursor connections spec pages", () => {
  it.each<[string, PageArguments, ReturnType<typeof pageOf>]>([
    ["first", { first: 3 }, { ids: [0, 1, 2], hasPreviousPage: false, hasNextPage: true }],
    ["first after", { first: 3, after: cursor(2) }, { ids: [3, 4, 5], hasPreviousPage: true, hasNextPage: true }],
    ["first after, to the end", { first: 5, after: cursor(6) }, { ids: [7, 8, 9], hasPreviousPage: true, hasNextPage: false }],
    ["first after the last customer", { first: 5, after: cursor(9) }, { ids: [], hasPreviousPage: true, hasNextPage: false }],
    ["last", { last: 3 }, { ids: [7, 8, 9], hasPreviousPage: true, hasNextPage: false }],
    ["last before", { last: 3, before: cursor(5) }, { ids: [2, 3, 4], hasPreviousPage: true, hasNextPage: true }],
    ["last before, to the start", { last: 5, before: cursor(3) }, { ids: [0, 1, 2], hasPreviousPage: false, hasNextPage: true }],
    ["before the first customer", { before: cursor(0) }, { ids: [], hasPreviousPage: false, hasNextPage: true }],
    ["first within after and before", { first: 2, after: cursor(1), before: cursor(6) }, { ids: [2, 3], hasPreviousPage: true, hasNextPage: true }],
    ["first filling after and before", { first: 9, after: cursor(1), before: cursor(6) }, { ids: [2, 3, 4, 5], hasPreviousPage: true, hasNextPage: false }],
    ["last within after and before", { last: 2, after: cursor(1), before: cursor(6) }, { ids: [4, 5], hasPreviousPage: true, hasNextPage: true }],
    ["last filling after and before", { last: 9, after: cursor(1), before: cursor(6) }, { ids: [2, 3, 4, 5], hasPreviousPage: false, hasNextPage: true }],
    ["before preceding after", { first: 5, after: cursor(6), before: cursor(2) }, { ids: [], hasPreviousPage: true, hasNextPage: false }],
  ])("%s", (_, args, expected) => {
    expect(pageOf(args)).toEqual(expected);
  });

  it("pages within the filtered list, and says where the page sits in it", () => {
    const even = LIST.filter((_, index) => index % 2 === 0);
    expect(pageOf({ first: 2, after: cursor(2) }, even)).toEqual({ ids: [4, 6], hasPreviousPage: true, hasNextPage: true });
  });

  it("refuses a cursor of a customer the filter leaves out, or the shop no longer has", () => {
    const even = LIST.filter((_, index) => index % 2 === 0);
    expect(pageOf({ after: cursor(3) }, even)).toEqual({ errors: { after: ["names a customer the filter leaves out"] } });
    expect(pageOf({ before: encodeCursor(KEY, "cst_gone") })).toEqual({ errors: { before: ["names a customer the shop no longer has"] } });
  });
});
