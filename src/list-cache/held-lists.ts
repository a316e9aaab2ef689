import type { BepaidCustomer } from "../bepaid/types.js";

/** A shop's list as this process holds it. */
export interface HeldList {
  records: readonly BepaidCustomer[];
  /** When the bePaid read that made it started (ms since the epoch). */
  readAt: number;
  /** Past this (ms since the epoch) it is not served. */
  expiresAt: number;
  /** The shared store's name for this version of the list; undefined without a shared store. */
  epoch?: string;
}

/** Bounds of {@link createHeldLists}. */
export interface HeldListsOptions {
  /** Shops whose lists are held at most. */
  maxShops: number;
  /** Customers held at most, over every shop: what bounds the memory. A longer list is not held. */
  maxCustomers: number;
}

/** Parsed lists by shop, least recently used first out. */
export interface HeldLists {
  get(shop: string): HeldList | undefined;
  set(shop: string, list: HeldList): void;
  delete(shop: string): void;
  /** Customers held now, over every shop. */
  readonly customers: number;
}

/**
 * The process's lists, bounded by shops and by customers (memory follows customers: a parsed
 * customer of bePaid's docs' size holds about 0.4 KB of heap). Map order is least-recently-used order.
 */
export function createHeldLists({ maxShops, maxCustomers }: HeldListsOptions): HeldLists {
  const lists = new Map<string, HeldList>();
  let customers = 0;
  const remove = (shop: string) => {
    const list = lists.get(shop);
    if (!list) return;
    lists.delete(shop);
    customers -= list.records.length;
  };
  return {
    get(shop) {
      const list = lists.get(shop);
      if (list) {
        lists.delete(shop);
        lists.set(shop, list);
      }
      return list;
    },
    set(shop, list) {
      remove(shop);
      if (list.records.length > maxCustomers) return;
      lists.set(shop, list);
      customers += list.records.length;
      for (const oldest of lists.keys()) {
        if (customers <= maxCustomers && lists.size <= maxShops) break;
        remove(oldest);
      }
    },
    delete: remove,
    get customers() {
      return customers;
    },
  };
}
