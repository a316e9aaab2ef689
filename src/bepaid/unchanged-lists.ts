import { BoundedCache } from "../cache/bounded-cache.js";
import type { BepaidCustomer } from "./types.js";

/** Shops whose last list is kept, process-wide; the least recently listed goes first. */
const MAX_SHOPS = 16;
/**
 * The largest list kept, in bytes of bePaid's response: about 2,000 customers with every field,
 * 1.4 MB held with its records and bytes, so 22 MB at most over {@link MAX_SHOPS}; larger shops
 * are what the list cache is for (docs/lists.md).
 */
const MAX_LIST_BYTES = 512 * 1024;

/**
 * The last `GET /customers` response of each shop, as bytes and as the records parsed from them,
 * so a list that comes back byte for byte as it was is not parsed again. bePaid is still called
 * every time and every response is read whole: only the parse is skipped, and only when its
 * input is the same, so what a caller sees never differs from a fresh parse (unlike the list
 * cache, nothing here can be stale). Parsing is most of what a `customers` operation costs the
 * gateway (docs/performance.md), and a shop's list changes far less often than it is read.
 *
 * The records are shared by every operation that reads the same bytes, as the list cache
 * shares its lists: nothing downstream changes them (the resolvers map them into new objects).
 */
export interface UnchangedLists {
  /**
   * `parse(bytes)`, or what it returned for the same `shop` the last time, when `bytes` are
   * equal to the bytes it parsed then. A list that fails to parse is not kept.
   */
  read(shop: object, bytes: Buffer, parse: (bytes: Buffer) => readonly BepaidCustomer[]): readonly BepaidCustomer[];
}

/** Options of {@link createUnchangedLists}; the defaults are the production ones. */
export interface UnchangedListsOptions {
  maxShops?: number;
  maxListBytes?: number;
}

interface KeptList {
  bytes: Buffer;
  records: readonly BepaidCustomer[];
}

/** Makes the process's store of last lists (one per process, shared by every shop's client). */
export function createUnchangedLists({ maxShops = MAX_SHOPS, maxListBytes = MAX_LIST_BYTES }: UnchangedListsOptions = {}): UnchangedLists {
  // Keyed by the shop's client itself: a client dropped from the pool leaves an entry that ages out.
  const kept = new BoundedCache<object, KeptList>({ max: maxShops, lru: true });
  return {
    read(shop, bytes, parse) {
      const last = kept.get(shop);
      // A length check first: a changed list usually changes its length, and equals() is a memcmp.
      if (last && last.bytes.length === bytes.length && last.bytes.equals(bytes)) return last.records;
      const records = parse(bytes);
      if (bytes.length <= maxListBytes) kept.set(shop, { bytes, records });
      else if (last) kept.delete(shop);
      return records;
    },
  };
}
