import { BoundedCache } from "../cache/bounded-cache.js";

/** How a create ended, as replayed to a caller who sends the same key again. */
export type StoredOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { message: string; extensions: Record<string, unknown> } };

/** One key's entry: the input it was first used with, and its outcome once there is one. */
export interface IdempotencyEntry {
  fingerprint: string;
  /** Absent while the first create is still in flight. */
  outcome?: StoredOutcome;
  /**
   * No outcome and none coming: the claim's owner stopped (a replica died mid-create) and its
   * lease ran out. The create may have reached bePaid, so the key never runs it again.
   */
  abandoned?: boolean;
}

/**
 * Where idempotency keys live: in memory by default, in Redis (redis-idempotency-store.ts)
 * to make keys hold across gateway replicas. A store that cannot respond to a claim throws
 * (`IDEMPOTENCY_UNAVAILABLE`) rather than guess.
 */
export interface IdempotencyStore {
  /** Claims `key` for `fingerprint` if it is free or expired (returns undefined), else returns its entry. */
  claim(key: string, fingerprint: string, ttlMs: number): Promise<IdempotencyEntry | undefined>;
  /** Records the outcome of a claimed key. */
  complete(key: string, outcome: StoredOutcome): Promise<void>;
  /** Forgets a claim, so the key can be used again (the create provably never reached bePaid). */
  release(key: string): Promise<void>;
}

/**
 * The in-memory store: entries expire after their TTL, and past `maxEntries` the oldest go
 * first, so a flood of keys cannot grow the process without bound.
 */
export function createMemoryIdempotencyStore({ maxEntries = 100_000, now = Date.now } = {}): IdempotencyStore {
  const entries = new BoundedCache<string, IdempotencyEntry & { expiresAt: number }>({ max: maxEntries });
  return {
    async claim(key, fingerprint, ttlMs) {
      const existing = entries.get(key);
      if (existing && existing.expiresAt > now()) return { fingerprint: existing.fingerprint, outcome: existing.outcome };
      entries.delete(key);
      // Claim order is expiry order (every entry lives as long), so the expired ones lead.
      const time = now();
      entries.dropOldestWhile((entry) => entry.expiresAt <= time);
      entries.set(key, { fingerprint, expiresAt: now() + ttlMs });
      return undefined;
    },
    async complete(key, outcome) {
      const entry = entries.get(key);
      if (entry) entry.outcome = outcome;
    },
    async release(key) {
      entries.delete(key);
    },
  };
}
