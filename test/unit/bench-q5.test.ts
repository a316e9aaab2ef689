import { describe, expect, it } from "vitest";
import { LIST_LENGTH, listLengthFor, listShopId } from "../../bench/customers.fixture.js";
import { LARGE_SHOP_CUSTOMERS, QUERIES, targetFor } from "../../bench/queries.js";
import { type Row, toListCacheGain } from "../../bench/results.js";
import { settingsFrom } from "../../bench/settings.js";

const row = (server: Row["server"], rps: number, rss_mb: number): Row => ({ server, query: "Q5", rps, p50_ms: 1, p99_ms: 2, errors: 0, upstream_calls_per_op: 0, rss_mb });

describe("the benchmark's Q5, a page of a large shop", () => {
  it("asks the stand-in for the large shop's list, which answers as many customers as the shop's id says", () => {
    const q5 = QUERIES.find((query) => query.name === "Q5")!;
    const shop = Buffer.from(targetFor("upstream", q5)!.headers!.authorization!.split(" ")[1]!, "base64").toString().split(":")[0];
    expect(shop).toBe(listShopId(LARGE_SHOP_CUSTOMERS));
    expect(listLengthFor(shop)).toBe(30_000);
    expect(listLengthFor("1")).toBe(LIST_LENGTH);
    expect(listLengthFor(undefined)).toBe(LIST_LENGTH);
  });

  it("runs on the stand-in and the two large-shop gateways only", () => {
    const q5 = QUERIES.find((query) => query.name === "Q5")!;
    const runs = (["upstream", "bare", "plain", "gateway", "gateway-redis", "gateway-list", "gateway-list-cache"] as const).filter((server) => targetFor(server, q5));
    expect(runs).toEqual(["upstream", "gateway-list", "gateway-list-cache"]);
  });

  it("reports the cache's gain as cache on ÷ off, with both peaks", () => {
    expect(toListCacheGain([row("gateway-list", 4, 400), row("gateway-list-cache", 1000, 200)])).toEqual({
      query: "Q5",
      rps_cache_over_no_cache: 250,
      p99_no_cache_ms: 2,
      p99_cache_ms: 2,
      rss_no_cache_mb: 400,
      rss_cache_mb: 200,
    });
    expect(toListCacheGain([row("gateway-list-cache", 1000, 200)])).toBeNull();
  });

  it("runs only the queries --queries names", () => {
    expect(settingsFrom(["--quick", "--queries", "Q1,Q5"]).queries).toEqual(["Q1", "Q5"]);
    expect(settingsFrom([]).queries).toBeUndefined();
  });
});
