import { createHash, randomUUID } from "node:crypto";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { SharedRedis } from "../shared-state/shared-redis.js";
import type { IdempotencyEntry, IdempotencyStore, StoredOutcome } from "./idempotency-store.js";
import { defineScript, type RedisScript } from "../shared-state/redis-script.js";

/** Options of {@link createRedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** The shared connection and key prefix. */
  shared: SharedRedis;
  /**
   * How long a claim stays in flight without its owner renewing it (renewed every third of it
   * while the create runs). Past it, with no outcome, the key gets `UPSTREAM_OUTCOME_UNKNOWN`.
   */
  leaseMs: number;
}

/**
 * Claims atomically: the record is written only if absent (one winner among replicas racing on a
 * key), together with its lease key. Returns the record and whether its lease still runs.
 */
const CLAIM: RedisScript = {
  name: "gatewayIdempotencyClaim",
  numberOfKeys: 2,
  lua: `
local record = redis.call('GET', KEYS[1])
if record then return { record, redis.call('EXISTS', KEYS[2]) } end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
return false`,
};

/**
 * Lets go of a claim only if it is still the given owner's: the record and its lease go, and the
 * key is free. Anything else stays: another owner's claim, or an outcome (which drops the owner).
 */
const RELEASE: RedisScript = {
  name: "gatewayIdempotencyRelease",
  numberOfKeys: 2,
  lua: `
local record = redis.call('GET', KEYS[1])
if not record then return 0 end
if cjson.decode(record).owner ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`,
};

/**
 * What one key's record holds in Redis: the input's fingerprint, the claim's owner (a token of
 * the replica's claim, until the outcome replaces it) and, once known, the outcome.
 */
type StoredRecord = Pick<IdempotencyEntry, "fingerprint" | "outcome"> & { owner?: string };

/** How often releases that could not reach Redis are tried again. */
const RETRY_RELEASES_MS = 1_000;

/** Releases kept for retrying at once; past it the oldest is dropped (its key then reads abandoned, never free twice). */
const MAX_PENDING_RELEASES = 10_000;

/**
 * `Idempotency-Key` records in Redis, shared by every replica. Per key two entries:
 * `<prefix>idempotency:<digest>` holds `{ fingerprint, outcome }` for the record's TTL (24 h),
 * and `<prefix>idempotency:<digest>:lease` exists while the create is in flight: its owner
 * renews it, so a replica that died mid-create leaves a record whose lease runs out and which
 * then reads as abandoned (the create may have been sent), never as free. The digest is a
 * SHA-256 of the scoped key, so Redis holds neither the caller's key nor its credential digest.
 * Unreachable Redis: a claim fails with `IDEMPOTENCY_UNAVAILABLE` (never a fallback to memory).
 * A claim that was sent but not acknowledged in time may still run when Redis responds again (a
 * paused or slow Redis runs what it queued): its owner token is then released, compared in
 * Redis so only that claim goes, right after it and again every second until Redis responds, and
 * before this replica claims the key again. No POST was sent under it, so the key is free once
 * Redis responds, and a retry runs once. A `release` that cannot reach Redis is retried the same
 * way; a lost `complete` leaves the key to read as abandoned once its lease runs out.
 */
export function createRedisIdempotencyStore({ shared: { redis, prefix }, leaseMs }: RedisIdempotencyStoreOptions): IdempotencyStore {
  const claimScript = defineScript<[string, number] | null>(redis, CLAIM);
  const releaseScript = defineScript<number>(redis, RELEASE);
  // Claims this process holds: their fingerprint (for the outcome's record), owner token and lease renewal.
  const held = new Map<string, { fingerprint: string; owner: string; renewal: NodeJS.Timeout }>();
  // Claims to let go of once Redis responds, by owner token: the key each was for.
  const pending = new Map<string, string>();
  let retry: NodeJS.Timeout | undefined;
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
  /**
   * Tries the pending release of `owner`'s claim on `key`; on failure it stays pending and is
   * tried again. Two tries of one release at once are harmless: the second finds nothing of its own.
   */
  const settle = async (owner: string, key: string) => {
    const { record, lease } = keysOf(key);
    try {
      await releaseScript(record, lease, owner);
      pending.delete(owner);
    } catch {
      retry ??= setTimeout(() => {
        retry = undefined;
        for (const [waiting, waitingKey] of [...pending]) void settle(waiting, waitingKey);
      }, RETRY_RELEASES_MS).unref();
    }
  };
  const releaseLater = (owner: string, key: string) => {
    if (pending.size >= MAX_PENDING_RELEASES) pending.delete(pending.keys().next().value as string);
    pending.set(owner, key);
    return settle(owner, key);
  };

  return {
    async claim(key, fingerprint, ttlMs) {
      // A retry of a create this replica gave up on: its claim goes first.
      for (const [owner, pendingKey] of pending) if (pendingKey === key) await settle(owner, key);
      const { record, lease } = keysOf(key);
      const owner = randomUUID();
      const stored: StoredRecord = { fingerprint, owner };
      // Without an offline queue, a command issued while the connection is not ready is never
      // sent, and can never run: nothing to release then.
      const sent = redis.status === "ready";
      let found: [string, number] | null;
      try {
        found = await claimScript(record, lease, JSON.stringify(stored), ttlMs, leaseMs);
      } catch (error) {
        // Redis may still run the claim when it responds again; the key must then be free.
        if (sent) void releaseLater(owner, key);
        throw new GatewayError(ErrorCode.IDEMPOTENCY_UNAVAILABLE, "Idempotency-Key cannot be honoured now: the shared store is unreachable. bePaid was not called; retry later.", { cause: error });
      }
      if (found) {
        const [text, leaseRuns] = found;
        const { fingerprint: first, outcome } = JSON.parse(text) as StoredRecord;
        return { fingerprint: first, outcome, abandoned: !outcome && leaseRuns === 0 };
      }
      // The owner keeps its lease while the create runs (it may wait for a bePaid slot first);
      // a renewal lost to an outage only makes other replicas report "outcome unknown" sooner.
      const renewal = setInterval(() => redis.pexpire(lease, leaseMs).catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
      renewal.unref();
      held.set(key, { fingerprint, owner, renewal });
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
      const claim = letGo(key);
      if (claim) await releaseLater(claim.owner, key);
    },
  };
}
