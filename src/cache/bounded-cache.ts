/** Options of {@link BoundedCache}. */
export interface BoundedCacheOptions {
  /** The most entries it keeps; a new key past that evicts the oldest. */
  max: number;
  /**
   * What "oldest" means: `false` (default), the first set (insertion order, nothing moves on a
   * read: the cheapest); `true`, the least recently read or set (a hit moves the entry to the
   * newest end).
   */
  lru?: boolean;
}

/**
 * The gateway's one bounded cache: a `Map` that keeps at most `max` entries and evicts the oldest
 * first. Every "keep the last N" of the gateway is one of these (accepted media types, clients
 * per credential set, compiled queries, anonymous callers' digests, idempotency records, rate
 * windows, metric labels, GraphiQL's files), so none of them grows without bound. Entries that
 * expire in the order they were set (one TTL for all) go with {@link dropOldestWhile}.
 *
 * A read allocates nothing; an eviction reads the Map's first key, as a hand-written map would.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly maxEntries: number;
  private readonly lru: boolean;

  constructor({ max, lru = false }: BoundedCacheOptions) {
    if (!(Number.isInteger(max) && max >= 1)) throw new TypeError(`BoundedCache: max should be a whole number from 1, got ${max}`);
    this.maxEntries = max;
    this.lru = lru;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** The most entries it keeps. */
  get max(): number {
    return this.maxEntries;
  }

  /** The value of `key`, or undefined; with `lru`, a hit becomes the newest entry. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (this.lru && value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Whether `key` is held; moves nothing. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Sets `key` as the newest entry, evicting the oldest when a new key would exceed `max`. */
  set(key: K, value: V): this {
    if (!this.entries.delete(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
    return this;
  }

  /** Forgets `key`; true when it was held. */
  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }

  /** Drops entries from the oldest on while `stale` holds for them: expiry, where entries expire in the order they were set. */
  dropOldestWhile(stale: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.entries) {
      if (!stale(value, key)) return;
      this.entries.delete(key);
    }
  }
}
