import { createHash } from "node:crypto";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { SharedRedis } from "../shared-state/shared-redis.js";
import type { IdempotencyEntry, IdempotencyStore, StoredOutcome } from "./idempotency-store.js";

/** Options of {@link createRedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** The shared connection and key prefix. */
  shared: SharedRedis;
  /**
   * How long a claim stays in flight without its owner renewing it (renewed every third of it
   * while the create runs). Past it, with no outcome, the key answers `UPSTREAM_OUTCOME_UNKNOWN`.
   */
  leaseMs: number;
}

/**
 * Claims atomically: the record is written only if absent (one winner among replicas racing on a
 * key), together with its lease key. Answers the record and whether its lease still runs.
 */
const CLAIM = `
local record = redis.call('GET', KEYS[1])
if record then return { record, redis.call('EXISTS', KEYS[2]) } end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
return false`;

/** What one key's record holds in Redis: the input's fingerprint and, once known, the outcome. */
type StoredRecord = IdempotencyEntry;

/**
 * `Idempotency-Key` records in Redis, shared by every replica. Per key two entries:
 * `<prefix>idempotency:<digest>` holds `{ fingerprint, outcome }` for the record's TTL (24 h),
 * and `<prefix>idempotency:<digest>:lease` exists while the create is in flight: its owner
 * renews it, so a replica that died mid-create leaves a record whose lease runs out and which
 * then reads as abandoned (the create may have been sent), never as free. The digest is a
 * SHA-256 of the scoped key, so Redis holds neither the caller's key nor its credential digest.
 * Unreachable Redis: a claim fails with `IDEMPOTENCY_UNAVAILABLE` (never a fallback to memory);
 * a lost `complete` or `release` leaves the key to read as abandoned once its lease runs out.
 */
export function createRedisIdempotencyStore({ shared: { redis, prefix }, leaseMs }: RedisIdempotencyStoreOptions): IdempotencyStore {
  // Claims this process holds: their fingerprint (for the outcome's record) and lease renewal.
  const held = new Map<string, { fingerprint: string; renewal: NodeJS.Timeout }>();
  const keysOf = (key: string) => {
    const record = `${prefix}idempotency:${createHash("sha256").update(key).digest("hex")}`;
    return { record, lease: `${record}:lease` };
  };
  const letGo = (key: string) => {
    const claim = held.get(key);
    if (claim) clearInterval(claim.renewal);
    held.delete(key);
    return claim;
  };

  return {
    async claim(key, fingerprint, ttlMs) {
      const { record, lease } = keysOf(key);
      let answer: [string, number] | null;
      try {
        answer = (await redis.eval(CLAIM, 2, record, lease, JSON.stringify({ fingerprint }), ttlMs, leaseMs)) as [string, number] | null;
      } catch (error) {
        throw new GatewayError(ErrorCode.IDEMPOTENCY_UNAVAILABLE, "Idempotency-Key cannot be honoured now: the shared store is unreachable. bePaid was not called; retry later.", { cause: error });
      }
      if (answer) {
        const [text, leaseRuns] = answer;
        const stored = JSON.parse(text) as StoredRecord;
        return { ...stored, abandoned: !stored.outcome && leaseRuns === 0 };
      }
      // The owner keeps its lease while the create runs (it may wait for a bePaid slot first);
      // a renewal lost to an outage only makes other replicas answer "outcome unknown" sooner.
      const renewal = setInterval(() => redis.pexpire(lease, leaseMs).catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
      renewal.unref();
      held.set(key, { fingerprint, renewal });
      return undefined;
    },
    async complete(key, outcome: StoredOutcome) {
      const claim = letGo(key);
      if (!claim) return;
      const { record, lease } = keysOf(key);
      const stored: StoredRecord = { fingerprint: claim.fingerprint, outcome };
      // Lost to an outage, the outcome is not replayed: the key reads as abandoned once its lease
      // runs out, which is true (the create was sent) and never makes a second POST.
      await redis
        .multi()
        .set(record, JSON.stringify(stored), "KEEPTTL", "XX")
        .del(lease)
        .exec()
        .catch(() => undefined);
    },
    async release(key) {
      letGo(key);
      const { record, lease } = keysOf(key);
      await redis.del(record, lease).catch(() => undefined);
    },
  };
}
