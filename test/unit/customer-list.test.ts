import { describe, expect, it } from "vitest";
import type { BepaidClient } from "../../src/bepaid/client.js";
import { BepaidHttpError, BepaidNotCalledError } from "../../src/bepaid/errors.js";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { createCustomerList, invalidatingCreates } from "../../src/customers/customer-list.js";
import type { ListCache } from "../../src/list-cache/list-cache.js";

const RECORDS: BepaidCustomer[] = [{ id: "cst_1", email: "a@example.com", ip: "10.0.0.1" }];
const CREATE = { method: "POST", endpoint: "/customers" } as const;

/** A bePaid client whose list read is counted and whose create does what the test says. */
function fakeClient(create: () => Promise<BepaidCustomer> = async () => RECORDS[0]!) {
  const calls = { list: 0, create: 0 };
  const client: BepaidClient = {
    getCustomer: async () => null,
    listCustomers: async () => {
      calls.list += 1;
      return RECORDS;
    },
    createCustomer: async () => {
      calls.create += 1;
      return create();
    },
  };
  return { client, calls };
}

describe("an operation's customer list", () => {
  it("reads bePaid once however many fields ask, and reports the list's length", async () => {
    const { client, calls } = fakeClient();
    const sizes: number[] = [];
    const list = createCustomerList({ bepaid: client, shop: "shop", onRead: (size) => sizes.push(size) });
    await Promise.all([list.read(), list.read(), list.read()]);
    expect(calls.list).toBe(1);
    expect(sizes).toEqual([1]);
  });

  it("says how old a list from the cache is, in whole seconds, and says nothing of a fresh one", async () => {
    const ages: number[] = [];
    const cacheResponding = (cached: boolean): ListCache => ({ read: async () => ({ records: RECORDS, readAt: 10_000, cached }), invalidate: async () => undefined });
    const { client } = fakeClient();
    const read = (cached: boolean, now: number) =>
      createCustomerList({ bepaid: client, shop: "shop", cache: cacheResponding(cached), onCached: (age) => ages.push(age), now: () => now }).read();
    await read(true, 12_999);
    await read(true, 13_000);
    await read(true, 9_000); // another replica's clock running ahead: never a negative age
    await read(false, 50_000);
    expect(ages).toEqual([2, 3, 0]);
  });

  it("signs cursors with a key of its shop's own", () => {
    const { client } = fakeClient();
    const key = (shop: string) => createCustomerList({ bepaid: client, shop }).cursorKey;
    expect(key("shop-a")).toEqual(key("shop-a"));
    expect(key("shop-a")).not.toEqual(key("shop-b"));
  });
});

describe("invalidatingCreates", () => {
  it.each([
    ["a create that succeeded", async () => RECORDS[0]!, 1],
    ["a create bePaid refused", async () => Promise.reject(new BepaidHttpError(422, CREATE, { body: {} })), 1],
    ["a create whose answer was lost", async () => Promise.reject(new TypeError("fetch failed")), 1],
    ["a create never sent (breaker open)", async () => Promise.reject(new BepaidNotCalledError(CREATE, "circuit-open")), 0],
  ])("after %s, invalidates the shop's list %i time(s), before answering", async (_, create, expected) => {
    const { client } = fakeClient(create);
    let invalidations = 0;
    const wrapped = invalidatingCreates(client, async () => void (invalidations += 1));
    await wrapped.createCustomer({ email: "a@example.com", ip: "10.0.0.1" }).catch(() => undefined);
    expect(invalidations).toBe(expected);
  });
});
