import { describe, expect, it } from "vitest";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { createListCache, type ListCacheOptions } from "../../src/list-cache/list-cache.js";
import type { ListEpoch, SharedListStore } from "../../src/list-cache/redis-list-store.js";
import { captureLogger } from "../helpers/capture-logger.js";

const TTL = 60_000;
const customers = (count: number, tag = "a"): BepaidCustomer[] =>
  Array.from({ length: count }, (_, index) => ({ id: `cst_${tag}${index}`, email: `${tag}${index}@example.com`, ip: "10.0.0.1" }));

/** A bePaid list read that the test finishes when it wants, counting how often it was asked. */
function controlledFetch(records: readonly BepaidCustomer[] = customers(3)) {
  let calls = 0;
  const pending: Array<{ resolve: (value: readonly BepaidCustomer[]) => void; reject: (error: Error) => void }> = [];
  return {
    fetch: () => {
      calls += 1;
      return new Promise<readonly BepaidCustomer[]>((resolve, reject) => pending.push({ resolve, reject }));
    },
    finish: () => pending.shift()!.resolve(records),
    fail: (error: Error) => pending.shift()!.reject(error),
    get calls() {
      return calls;
    },
  };
}

/** A list cache on a clock the test moves, with its hits and misses counted. */
function cacheWith(options: Partial<ListCacheOptions> = {}) {
  let time = 1_000_000;
  const reads: string[] = [];
  const log = captureLogger();
  const cache = createListCache({ ttlMs: TTL, logger: log.logger, onRead: (result) => reads.push(result), now: () => time, ...options });
  return { cache, reads, log, advance: (ms: number) => (time += ms), now: () => time };
}

const immediate = (records = customers(3)) => async () => records;

describe("the list cache in one process", () => {
  it("serves a shop's list until the TTL has passed since bePaid was read, then reads again", async () => {
    const { cache, reads, advance, now } = cacheWith();
    const started = now();
    const first = await cache.read("shop", immediate());
    expect(first).toMatchObject({ cached: false, readAt: started });
    advance(TTL - 1);
    expect(await cache.read("shop", immediate(customers(9)))).toEqual({ records: first.records, readAt: started, cached: true });
    advance(1);
    expect((await cache.read("shop", immediate(customers(9)))).records).toHaveLength(9);
    expect(reads).toEqual(["miss", "hit", "miss"]);
  });

  it("makes one bePaid read for concurrent misses of one shop, and answers all of them with it", async () => {
    const { cache, reads } = cacheWith();
    const bepaid = controlledFetch();
    const answers = Promise.all(Array.from({ length: 5 }, () => cache.read("shop", bepaid.fetch)));
    await Promise.resolve();
    bepaid.finish();
    const read = await answers;
    expect(bepaid.calls).toBe(1);
    expect(read.map((answer) => answer.cached)).toEqual([false, true, true, true, true]);
    expect(new Set(read.map((answer) => answer.records)).size).toBe(1);
    expect(reads).toEqual(["miss", "hit", "hit", "hit", "hit"]);
  });

  it("keeps shops apart", async () => {
    const { cache } = cacheWith();
    await cache.read("shop-a", immediate(customers(2, "a")));
    const b = await cache.read("shop-b", immediate(customers(2, "b")));
    expect(b.cached).toBe(false);
    expect(b.records[0]!.id).toBe("cst_b0");
    expect((await cache.read("shop-a", immediate())).records[0]!.id).toBe("cst_a0");
  });

  it("does not keep a failed read: everyone waiting gets the failure, and the next read asks bePaid again", async () => {
    const { cache } = cacheWith();
    const bepaid = controlledFetch();
    const answers = Promise.allSettled([cache.read("shop", bepaid.fetch), cache.read("shop", bepaid.fetch)]);
    await Promise.resolve();
    bepaid.fail(new Error("bePaid is down"));
    expect((await answers).map((answer) => answer.status)).toEqual(["rejected", "rejected"]);
    expect((await cache.read("shop", immediate())).cached).toBe(false);
  });

  it("after an invalidation reads bePaid again, and never keeps a read that was in flight when it came", async () => {
    const { cache } = cacheWith();
    await cache.read("shop", immediate(customers(2)));
    await cache.invalidate("shop");
    const older = controlledFetch(customers(2, "old"));
    const before = cache.read("shop", older.fetch);
    await Promise.resolve();
    await cache.invalidate("shop"); // a create answered while that read was on its way
    const newer = controlledFetch(customers(3, "new"));
    const after = cache.read("shop", newer.fetch);
    await Promise.resolve();
    expect(older.calls + newer.calls).toBe(2);
    newer.finish();
    expect(await after).toMatchObject({ cached: false, records: customers(3, "new") });
    older.finish(); // the older read ends last: its list must not replace the newer one
    expect(await before).toMatchObject({ cached: false, records: customers(2, "old") });
    expect(await cache.read("shop", immediate())).toMatchObject({ cached: true, records: customers(3, "new") });
  });

  it("holds at most maxCustomers over every shop, the least recently used going first", async () => {
    const { cache } = cacheWith({ maxCustomers: 10 });
    await cache.read("a", immediate(customers(4)));
    await cache.read("b", immediate(customers(4)));
    await cache.read("a", immediate()); // a is now the more recently used
    await cache.read("c", immediate(customers(4)));
    expect((await cache.read("a", immediate())).cached).toBe(true);
    expect((await cache.read("b", immediate())).cached).toBe(false);
  });

  it("does not hold a list longer than maxCustomers, nor more than maxShops lists", async () => {
    const { cache } = cacheWith({ maxCustomers: 10, maxShops: 2 });
    await cache.read("huge", immediate(customers(11)));
    expect((await cache.read("huge", immediate(customers(11)))).cached).toBe(false);
    for (const shop of ["a", "b", "c"]) await cache.read(shop, immediate(customers(1)));
    expect((await cache.read("a", immediate(customers(1)))).cached).toBe(false);
  });
});

/** A shared store in memory, as Redis would behave, that the test can make unreachable. */
function fakeStore() {
  const versions = new Map<string, { version: ListEpoch; records?: readonly BepaidCustomer[] }>();
  const generations = new Map<string, number>();
  let down = false;
  let invalidations = 0;
  const reachable = () => {
    if (down) throw new Error("connect ECONNREFUSED");
  };
  const store: SharedListStore = {
    async look(shop) {
      reachable();
      return { current: versions.get(shop)?.version, generation: String(generations.get(shop) ?? "") };
    },
    async records(shop) {
      reachable();
      return versions.get(shop)?.records as BepaidCustomer[] | undefined;
    },
    async put(shop, generation, { readAt, records }) {
      reachable();
      if (String(generations.get(shop) ?? "") !== generation) return undefined;
      const version = { epoch: `v${versions.size}-${readAt}`, readAt, stored: true };
      versions.set(shop, { version, records });
      return version;
    },
    async invalidate(shop) {
      reachable();
      invalidations += 1;
      generations.set(shop, (generations.get(shop) ?? 0) + 1);
      versions.delete(shop);
    },
  };
  return {
    store,
    setDown: (value: boolean) => (down = value),
    get invalidations() {
      return invalidations;
    },
  };
}

describe("the list cache with a shared store (replicas)", () => {
  it("serves another replica's read from the store, and sees another replica's invalidation", async () => {
    const shared = fakeStore();
    const one = cacheWith({ shared: shared.store });
    const two = cacheWith({ shared: shared.store });
    await one.cache.read("shop", immediate(customers(3)));
    expect(await two.cache.read("shop", immediate(customers(9)))).toMatchObject({ cached: true, records: customers(3) });
    await one.cache.invalidate("shop");
    expect(await two.cache.read("shop", immediate(customers(4)))).toMatchObject({ cached: false, records: customers(4) });
  });

  it("reads bePaid while the store is unreachable, and says so once per outage", async () => {
    const shared = fakeStore();
    const { cache, log, reads } = cacheWith({ shared: shared.store });
    await cache.read("shop", immediate());
    shared.setDown(true);
    expect((await cache.read("shop", immediate(customers(5)))).records).toHaveLength(5);
    expect((await cache.read("shop", immediate(customers(6)))).records).toHaveLength(6);
    shared.setDown(false);
    expect((await cache.read("shop", immediate())).cached).toBe(true);
    expect(reads).toEqual(["miss", "miss", "miss", "hit"]);
    expect(log.entries().map((entry) => entry.msg)).toEqual([
      "list cache: the shared store is unreachable; reading bePaid directly",
      "list cache: the shared store answers again",
    ]);
  });

  it("keeps its own creates visible when an invalidation could not reach the store, and sends it once the store answers", async () => {
    const shared = fakeStore();
    const { cache } = cacheWith({ shared: shared.store });
    await cache.read("shop", immediate(customers(3)));
    shared.setDown(true);
    await cache.invalidate("shop");
    shared.setDown(false);
    // The store still names the old list; this replica does not serve it, and ends it first.
    expect(await cache.read("shop", immediate(customers(4)))).toMatchObject({ cached: false, records: customers(4) });
    expect(shared.invalidations).toBe(1);
    expect((await cache.read("shop", immediate())).records).toEqual(customers(4));
  });
});
