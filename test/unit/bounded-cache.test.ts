import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/cache/bounded-cache.js";

const keys = (cache: BoundedCache<string, number>, candidates: string[]) => candidates.filter((key) => cache.has(key));

describe("BoundedCache", () => {
  it("evicts the first entry set when a new key would exceed max, reads moving nothing", () => {
    const cache = new BoundedCache<string, number>({ max: 2 });
    cache.set("a", 1).set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(keys(cache, ["a", "b", "c"])).toEqual(["b", "c"]);
  });

  it("evicts the least recently read entry with lru", () => {
    const cache = new BoundedCache<string, number>({ max: 2, lru: true });
    cache.set("a", 1).set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(keys(cache, ["a", "b", "c"])).toEqual(["a", "c"]);
  });

  it("replaces a held key's value without evicting another", () => {
    const cache = new BoundedCache<string, number>({ max: 2 });
    cache.set("a", 1).set("b", 2).set("a", 3);
    expect([cache.get("a"), cache.get("b"), cache.size]).toEqual([3, 2, 2]);
  });

  it("drops the oldest entries while they are stale, and stops at the first that is not", () => {
    const cache = new BoundedCache<string, number>({ max: 5 });
    cache.set("a", 1).set("b", 2).set("c", 9).set("d", 1);
    cache.dropOldestWhile((value) => value < 5);
    expect(keys(cache, ["a", "b", "c", "d"])).toEqual(["c", "d"]);
  });

  it("refuses a max that is not a whole number from 1, saying what came", () => {
    expect(() => new BoundedCache({ max: 0 })).toThrow(new TypeError("BoundedCache: max should be a whole number from 1, got 0"));
  });
});
