import type { CustomerRecord } from "./store.js";

/** A bePaid shop's API credentials: the shop id is the Basic user name, the secret key its password. */
export interface ShopCredentials {
  shopId: string;
  secretKey: string;
}

/**
 * The shop the sandbox accepts when none are configured. Its secret is public on purpose: it
 * guards nothing but made-up customers, and lets a fresh checkout run with no bePaid account.
 */
export const DEMO_SHOP: Readonly<ShopCredentials> = Object.freeze({
  shopId: "361",
  secretKey: "sandbox-demo-secret",
});

/**
 * The two customers of the "list of customers" example in bePaid's Customers API page, byte for
 * byte, so a seeded sandbox serves `GET /customers` exactly as the docs show.
 */
export const SEED_CUSTOMERS: readonly Readonly<CustomerRecord>[] = Object.freeze([
  Object.freeze({
    id: "cst_5ca4fab9dfc7fcbf",
    first_name: "John",
    last_name: "Doe",
    address: "1st Street",
    country: "US",
    city: "Denver",
    zip: "92006",
    state: "CO",
    phone: "+1-555-555-5555",
    email: "customer@example.com",
    ip: "127.0.0.1",
  }),
  Object.freeze({
    id: "cst_9f65045c1f4c3676",
    first_name: "Mark",
    last_name: "Dow",
    address: "2nd Street",
    country: "US",
    city: "Denver",
    zip: "90006",
    state: "CO",
    phone: "+1-551-548-5547",
    email: "customer.mark@example.com",
    ip: "10.10.0.4",
  }),
]);
