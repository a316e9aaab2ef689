import { describe, expect, it } from "vitest";
import type { BepaidClient } from "../../src/bepaid/client.js";
import { BepaidTimeoutError } from "../../src/bepaid/errors.js";
import type { BepaidCustomer } from "../../src/bepaid/types.js";
import { createCustomerLoader } from "../../src/customers/customer.loader.js";

const JOHN: BepaidCustomer = { id: "cst_5ca4fab9dfc7fcbf", email: "customer@example.com", ip: "127.0.0.1", first_name: "John" };
const MARK: BepaidCustomer = { id: "cst_9f65045c1f4c3676", email: "customer.mark@example.com", ip: "10.10.0.4" };
const BROKEN_ID = "cst_broken";

/** A client that knows JOHN and MARK, times out on BROKEN_ID, and counts GETs per id. */
function fakeClient() {
  const calls = new Map<string, number>();
  const known = new Map([JOHN, MARK].map((customer) => [customer.id, customer]));
  const client: BepaidClient = {
    async getCustomer(id) {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      if (id === BROKEN_ID) throw new BepaidTimeoutError({ method: "GET", endpoint: "/customers/:id" });
      return known.get(id) ?? null;
    },
    listCustomers: async () => [...known.values()],
    createCustomer: async () => {
      throw new Error("not used");
    },
  };
  return { client, calls };
}

describe("createCustomerLoader", () => {
  it("reads an id asked for twice once", async () => {
    const { client, calls } = fakeClient();
    const loader = createCustomerLoader(client);

    const [first, second] = await Promise.all([loader.load(JOHN.id), loader.load(JOHN.id)]);
    const later = await loader.load(JOHN.id);

    expect(first).toEqual(JOHN);
    expect(second).toEqual(JOHN);
    expect(later).toEqual(JOHN);
    expect(calls.get(JOHN.id)).toBe(1);
  });

  it("reads each distinct id once", async () => {
    const { client, calls } = fakeClient();
    const loader = createCustomerLoader(client);

    expect(await loader.loadMany([JOHN.id, MARK.id, JOHN.id])).toEqual([JOHN, MARK, JOHN]);
    expect(Object.fromEntries(calls)).toEqual({ [JOHN.id]: 1, [MARK.id]: 1 });
  });

  it("returns null for an unknown id", async () => {
    const { client } = fakeClient();
    await expect(createCustomerLoader(client).load("cst_unknown")).resolves.toBeNull();
  });

  it("fails only the load of the id that failed", async () => {
    const { client } = fakeClient();
    const loader = createCustomerLoader(client);

    const [john, broken, mark] = await Promise.allSettled([
      loader.load(JOHN.id),
      loader.load(BROKEN_ID),
      loader.load(MARK.id),
    ]);

    expect(john).toEqual({ status: "fulfilled", value: JOHN });
    expect(mark).toEqual({ status: "fulfilled", value: MARK });
    expect(broken.status).toBe("rejected");
    expect((broken as PromiseRejectedResult).reason).toBeInstanceOf(BepaidTimeoutError);
  });

  it("keeps loads of different loaders apart", async () => {
    const { client, calls } = fakeClient();
    await createCustomerLoader(client).load(JOHN.id);
    await createCustomerLoader(client).load(JOHN.id);
    expect(calls.get(JOHN.id)).toBe(2);
  });
});
