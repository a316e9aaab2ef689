import type { BepaidCustomer } from "../bepaid/types.js";
import type { GatewayLogger } from "../logger.js";
import { createHeldLists, type HeldList } from "./held-lists.js";
import type { SharedListStore } from "./redis-list-store.js";

/** One read of a shop's customer list. */
export interface ListRead {
  records: readonly BepaidCustomer[];
  /** When the bePaid read these records come from started (ms since the epoch). */
  readAt: number;
  /** Served without a bePaid call of the caller's own: from the cache, or from a read already in flight. */
  cached: boolean;
}

/**
 * Shops' customer lists, kept for a while (`GATEWAY_LIST_CACHE_TTL_MS`). A shop is named by a
 * digest of its credential set: lists of different credential sets never meet.
 */
export interface ListCache {
  /** The shop's list: held and fresh, or read with `fetchList` (one read per shop at a time). */
  read(shop: string, fetchList: () => Promise<readonly BepaidCustomer[]>): Promise<ListRead>;
  /** Forgets the shop's list, here and in the shared store: its next read asks bePaid. Never throws. */
  invalidate(shop: string): Promise<void>;
}

/** Options of {@link createListCache}. */
export interface ListCacheOptions {
  /** How long a list is served after bePaid was read. */
  ttlMs: number;
  /** Where replicas share lists and invalidations (Redis); unset: this process alone. */
  shared?: SharedListStore;
  logger: GatewayLogger;
  /** Told of every read: served from the cache (`hit`) or from bePaid (`miss`). */
  onRead?: (result: "hit" | "miss") => void;
  /** Shops held in this process at most; default 64. */
  maxShops?: number;
  /** Customers held in this process at most, over every shop; default 300,000 (about 125 MB of heap). */
  maxCustomers?: number;
  /** The clock; default `Date.now`. */
  now?: () => number;
}

/** Shops with an invalidation still to send to the shared store. */
const MAX_UNSENT = 10_000;

/** A bePaid read in flight, which concurrent misses of its shop wait for instead of reading again. */
interface Flight {
  shop: string;
  done: Promise<{ records: readonly BepaidCustomer[]; readAt: number }>;
  /** An invalidation came while it ran: its list is returned to those who waited, never kept. */
  stale: boolean;
}

/**
 * Makes the list cache. Alone, lists live in this process. With a shared store, the store says
 * which version of a shop's list is current (and carries lists small enough for it): every read
 * asks it first, so a create through any replica is seen by every replica's next read; while it
 * is unreachable, reads go to bePaid (logged once per outage), never to a list it cannot vouch for.
 */
export function createListCache({ ttlMs, shared, logger, onRead, maxShops = 64, maxCustomers = 300_000, now = Date.now }: ListCacheOptions): ListCache {
  const held = createHeldLists({ maxShops, maxCustomers });
  const flights = new Map<string, Flight>();
  // Shops whose invalidation did not reach the shared store: until it does, this replica reads
  // them from bePaid, so its own creates stay visible (the store still names the old version).
  const unsent = new Set<string>();
  let storeDown = false;
  const storeFailed = (error: unknown, doing: string) => {
    if (storeDown) return;
    storeDown = true;
    logger.warn({ err: error, listCache: doing }, "list cache: the shared store is unreachable; reading bePaid directly");
  };
  const storeResponded = () => {
    if (!storeDown) return;
    storeDown = false;
    logger.info("list cache: the shared store answers again");
  };
  const served = (list: HeldList): ListRead => {
    onRead?.("hit");
    return { records: list.records, readAt: list.readAt, cached: true };
  };
  const fresh = (shop: string, epoch?: string) => {
    const list = held.get(shop);
    return list && now() < list.expiresAt && list.epoch === epoch ? list : undefined;
  };

  return {
    async read(shop, fetchList) {
      let generation = "";
      if (shared) {
        let look: Awaited<ReturnType<SharedListStore["look"]>>;
        try {
          if (unsent.has(shop)) {
            await shared.invalidate(shop);
            unsent.delete(shop);
          }
          look = await shared.look(shop);
          storeResponded();
        } catch (error) {
          storeFailed(error, "look");
          onRead?.("miss");
          const readAt = now();
          return { records: await fetchList(), readAt, cached: false };
        }
        generation = look.generation;
        const { current } = look;
        if (current) {
          const list = fresh(shop, current.epoch);
          if (list) return served(list);
          const records = current.stored ? await shared.records(shop).catch(() => undefined) : undefined;
          if (records) {
            const list: HeldList = { records, readAt: current.readAt, expiresAt: current.readAt + ttlMs, epoch: current.epoch };
            held.set(shop, list);
            return served(list);
          }
        }
      } else {
        const list = fresh(shop);
        if (list) return served(list);
      }

      // A generation is the shared store's count of invalidations: after one, a new read starts.
      const key = `${shop}\0${generation}`;
      const flight = flights.get(key);
      if (flight) {
        const { records, readAt } = await flight.done;
        onRead?.("hit");
        return { records, readAt, cached: true };
      }
      onRead?.("miss");
      const readAt = now();
      const started: Flight = {
        shop,
        stale: false,
        done: fetchList().then(async (records) => {
          const epoch = shared ? await shared.put(shop, generation, { readAt, records }).catch((error: unknown) => storeFailed(error, "put")) : undefined;
          if (!started.stale && (!shared || epoch)) held.set(shop, { records, readAt, expiresAt: readAt + ttlMs, epoch: epoch?.epoch });
          return { records, readAt };
        }),
      };
      flights.set(key, started);
      try {
        return { ...(await started.done), cached: false };
      } finally {
        if (flights.get(key) === started) flights.delete(key);
      }
    },
    async invalidate(shop) {
      held.delete(shop);
      for (const [key, flight] of flights) {
        if (flight.shop !== shop) continue;
        flight.stale = true;
        flights.delete(key);
      }
      if (!shared) return;
      try {
        await shared.invalidate(shop);
        unsent.delete(shop);
        storeResponded();
      } catch (error) {
        storeFailed(error, "invalidate");
        if (unsent.size >= MAX_UNSENT) unsent.delete(unsent.values().next().value as string);
        unsent.add(shop);
      }
    },
  };
}
