import type { BepaidClient } from "../bepaid/client.js";
import { BepaidNotCalledError } from "../bepaid/errors.js";
import type { BepaidCustomer } from "../bepaid/types.js";
import type { ListCache } from "../list-cache/list-cache.js";
import { cursorKey } from "./customer-cursor.js";

/** The shop's customer list for one operation: `customers` and every `customersConnection` share it. */
export interface CustomerList {
  /** The shop's customers in bePaid's order, read at most once per operation (from the list cache when it is on). */
  read(): Promise<readonly BepaidCustomer[]>;
  /** The key this shop's cursors are signed with (see `cursorKey`). */
  readonly cursorKey: Buffer;
}

/** Options of {@link createCustomerList}. */
export interface CustomerListOptions {
  /** The caller's bePaid client. */
  bepaid: BepaidClient;
  /** The credential set's digest (the client pool's key): names the shop in the cache and in cursors. */
  shop: string;
  /** The list cache (`GATEWAY_LIST_CACHE_TTL_MS`); unset: every operation reads bePaid. */
  cache?: ListCache;
  /** Told the age, in whole seconds, of a list served from the cache (`extensions.listAge`). */
  onCached?: (ageSeconds: number) => void;
  /** Told the length of every list read from bePaid (metrics). */
  onRead?: (customers: number) => void;
  /** The clock; default `Date.now`. */
  now?: () => number;
}

/** Makes an operation's customer list. */
export function createCustomerList({ bepaid, shop, cache, onCached, onRead, now = Date.now }: CustomerListOptions): CustomerList {
  const fetchList = async () => {
    const records = await bepaid.listCustomers();
    onRead?.(records.length);
    return records;
  };
  let pending: Promise<readonly BepaidCustomer[]> | undefined;
  let key: Buffer | undefined;
  return {
    read: () =>
      (pending ??= (async () => {
        if (!cache) return fetchList();
        const { records, readAt, cached } = await cache.read(shop, fetchList);
        if (cached) onCached?.(Math.max(0, Math.floor((now() - readAt) / 1000)));
        return records;
      })()),
    get cursorKey() {
      return (key ??= cursorKey(shop));
    },
  };
}

/**
 * The client whose creates end the shop's cached list, so the shop's next read sees the new
 * customer: after every create that may have reached bePaid (its response lost included), before
 * the create's response goes back.
 */
export function invalidatingCreates(bepaid: BepaidClient, invalidate: () => Promise<void>): BepaidClient {
  return {
    ...bepaid,
    async createCustomer(body) {
      let sent = true;
      try {
        return await bepaid.createCustomer(body);
      } catch (error) {
        // Refused before sending (breaker open, overload): nothing changed at bePaid.
        sent = !(error instanceof BepaidNotCalledError);
        throw error;
      } finally {
        if (sent) await invalidate();
      }
    },
  };
}
