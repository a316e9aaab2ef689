import { describe, expect, it } from "vitest";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { createUnchangedLists } from "../../src/bepaid/unchanged-lists.js";

const list = (...ids: string[]) => Buffer.from(JSON.stringify(ids.map((id) => ({ id, email: `${id}@example.com`, ip: "10.0.0.1" }))));

/** A parse that counts its calls, as the client's JSON parse would read the bytes. */
function countingParse() {
  const parse = (bytes: Buffer) => {
    parse.calls += 1;
    return JSON.parse(bytes.toString("utf8")) as BepaidCustomer[];
  };
  parse.calls = 0;
  return parse;
}

describe("createUnchangedLists", () => {
  it("parses a shop's list once while bePaid sends the same bytes, and gives every read the same records", () => {
    const lists = createUnchangedLists();
    const parse = countingParse();
    const shop = {};
    const first = lists.read(shop, list("cst_1", "cst_2"), parse);
    // A new buffer with the same bytes, as the next response brings.
    const second = lists.read(shop, list("cst_1", "cst_2"), parse);
    expect(parse.calls).toBe(1);
    expect(second).toBe(first);
    expect(second.map((record) => record.id)).toEqual(["cst_1", "cst_2"]);
  });

  it("parses again when a byte changed, even at the same length, and keeps the new list", () => {
    const lists = createUnchangedLists();
    const parse = countingParse();
    const shop = {};
    lists.read(shop, list("cst_1", "cst_2"), parse);
    const changed = lists.read(shop, list("cst_1", "cst_3"), parse);
    expect(changed.map((record) => record.id)).toEqual(["cst_1", "cst_3"]);
    expect(lists.read(shop, list("cst_1", "cst_3"), parse)).toBe(changed);
    expect(parse.calls).toBe(2);
  });

  it("keeps shops apart: another shop's identical bytes are parsed for it", () => {
    const lists = createUnchangedLists();
    const parse = countingParse();
    const [a, b] = [{}, {}];
    const ofA = lists.read(a, list("cst_1"), parse);
    const ofB = lists.read(b, list("cst_1"), parse);
    expect(parse.calls).toBe(2);
    expect(ofB).not.toBe(ofA);
    expect(lists.read(a, list("cst_1"), parse)).toBe(ofA);
  });

  it("keeps no list over its byte cap, and forgets the shop's smaller one", () => {
    const small = list("cst_1");
    const large = list("cst_1", "cst_2", "cst_3");
    const lists = createUnchangedLists({ maxListBytes: small.length });
    const parse = countingParse();
    const shop = {};
    lists.read(shop, small, parse);
    lists.read(shop, large, parse);
    lists.read(shop, large, parse);
    lists.read(shop, small, parse);
    expect(parse.calls).toBe(4);
  });

  it("keeps nothing from a parse that throws: the same bytes are parsed, and refused, again", () => {
    const lists = createUnchangedLists();
    const shop = {};
    let calls = 0;
    const refuse = () => {
      calls += 1;
      throw new TypeError("expected an array of customers, got an object");
    };
    expect(() => lists.read(shop, Buffer.from("{}"), refuse)).toThrow(TypeError);
    expect(() => lists.read(shop, Buffer.from("{}"), refuse)).toThrow(TypeError);
    expect(calls).toBe(2);
  });

  it("keeps the lists of the most recently read shops only", () => {
    const lists = createUnchangedLists({ maxShops: 2 });
    const parse = countingParse();
    const [a, b, c] = [{}, {}, {}];
    for (const shop of [a, b, a, c]) lists.read(shop, list("cst_1"), parse);
    expect(parse.calls).toBe(3);
    // b was read least recently, so c's list took its place; a's is still kept.
    lists.read(a, list("cst_1"), parse);
    expect(parse.calls).toBe(3);
    lists.read(b, list("cst_1"), parse);
    expect(parse.calls).toBe(4);
  });
});
