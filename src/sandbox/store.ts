import { randomBytes } from "node:crypto";
import type { CustomerField, CustomerFields } from "./validation.js";

/** A stored customer as bePaid returns it: its id, then only the fields it was given. */
export type CustomerRecord = { id: string } & CustomerFields;

// bePaid's responses list a customer's fields in this order (country before city); following it
// makes the sandbox's JSON read exactly like the examples in the docs.
const RECORD_ORDER = [
  "first_name",
  "last_name",
  "address",
  "country",
  "city",
  "zip",
  "state",
  "phone",
  "email",
  "ip",
  "external_id",
] as const satisfies readonly CustomerField[];

/** Customers kept in memory, each shop's apart from every other's. */
export interface CustomerStore {
  /** The shop's customers in creation order (seeded ones first). */
  list(shopId: string): readonly CustomerRecord[];
  /** One of the shop's customers; another shop's customer is as unknown as a made-up id. */
  find(shopId: string, id: string): CustomerRecord | undefined;
  /** Stores a new customer under a fresh `cst_` id and returns it. */
  create(shopId: string, fields: CustomerFields): CustomerRecord;
}

/**
 * Makes a store for the given shops, each starting with its own copy of `seed`. Records are
 * frozen, so whatever a caller does with a response never changes what is stored.
 */
export function createCustomerStore(
  shopIds: readonly string[],
  seed: readonly Readonly<CustomerRecord>[],
): CustomerStore {
  // A Map keeps insertion order, which is the creation order `GET /customers` returns them in.
  const shops = new Map(
    shopIds.map((shopId) => [shopId, new Map(seed.map((record) => [record.id, Object.freeze({ ...record })]))]),
  );

  const customersOf = (shopId: string): Map<string, CustomerRecord> => {
    const customers = shops.get(shopId);
    if (customers === undefined) throw new Error(`The sandbox has no shop "${shopId}"`);
    return customers;
  };

  return {
    list: (shopId) => [...customersOf(shopId).values()],
    find: (shopId, id) => customersOf(shopId).get(id),
    create(shopId, fields) {
      const customers = customersOf(shopId);
      let id: string;
      do id = `cst_${randomBytes(8).toString("hex")}`;
      while (customers.has(id));
      const record: CustomerRecord = { id };
      for (const field of RECORD_ORDER) {
        if (fields[field] !== undefined) record[field] = fields[field];
      }
      customers.set(id, Object.freeze(record));
      return record;
    },
  };
}
