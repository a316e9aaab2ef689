import { createHash } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GatewayError } from "../../src/errors/gateway-error.js";
import { IDEMPOTENCY_TTL_MS } from "../../src/idempotency/idempotent-create.js";
import type { IdempotencyStore } from "../../src/idempotency/idempotency-store.js";
import { createRedisIdempotencyStore } from "../../src/idempotency/redis-idempotency-store.js";
import { createLogger } from "../../src/logger.js";
import { connectSharedRedis, type SharedRedis } from "../../src/shared-state/shared-redis.js";
import { freePort } from "../../scripts/lib/free-port.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";

const redisUp = await redisForTests("the Redis idempotency store");

/** Claims `key` again every 50 ms (5 s at most) while its owner still looks alive; the last answer. */
async function claimUntilAbandoned(store: IdempotencyStore, key: string) {
  let seen = await store.claim(key, "f", IDEMPOTENCY_TTL_MS);
  for (let tries = 0; tries < 100 && seen?.abandoned === false; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await store.claim(key, "f", IDEMPOTENCY_TTL_MS);
  }
  return seen;
}

type Run = (...args: unknown[]) => Promise<unknown>;

/**
 * The store's two scripts (claim and release) routed through one mock, in call order: each call
 * gets the real script as its first argument, so a test can run it, fail it, or both.
 */
function scriptCalls(redis: SharedRedis["redis"]) {
  const calls = vi.fn<(run: Run, ...args: unknown[]) => Promise<unknown>>((run, ...args) => run(...args));
  const commands = redis as unknown as Record<string, Run>;
  const spies = ["gatewayIdempotencyClaim", "gatewayIdempotencyRelease"].map((name) => {
    const run = commands[name]!.bind(redis);
    return vi.spyOn(commands, name).mockImplementation((...args: unknown[]) => calls(run, ...args));
  });
  return Object.assign(calls, { restore: () => spies.forEach((spy) => spy.mockRestore()) });
}

describe.skipIf(!redisUp)("the Redis idempotency store", () => {
  const prefix = uniquePrefix("idempotency-store");
  const connections: SharedRedis[] = [];
  /** One replica's store: a connection of its own to the shared Redis. */
  const replica = async (leaseMs = 60_000) => {
    const shared = connectSharedRedis({ url: REDIS_URL, prefix, logger: createLogger({ level: "silent" }), onStateChange: () => undefined });
    connections.push(shared);
    await shared.firstAttempt;
    return { shared, store: createRedisIdempotencyStore({ shared, leaseMs }) };
  };
  afterAll(async () => {
    const keys = await connections[0]!.redis.keys(`${prefix}*`);
    if (keys.length > 0) await connections[0]!.redis.del(...keys);
    await Promise.all(connections.map((shared) => shared.close()));
  });

  it("hands a key to exactly one of many replicas claiming it at once", async () => {
    const stores = await Promise.all([replica(), replica(), replica()]);
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]!.store.claim("race", "f", IDEMPOTENCY_TTL_MS)));
    expect(claims.filter((claim) => claim === undefined)).toHaveLength(1);
    for (const claim of claims.filter(Boolean)) expect(claim).toEqual({ fingerprint: "f", abandoned: false });
  });

  it("keeps a record 24 hours and replays its outcome on every replica", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    await a.store.claim("kept", "f", IDEMPOTENCY_TTL_MS);
    await a.store.complete("kept", { ok: true, value: { id: "cst_1" } });
    expect(await b.store.claim("kept", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", outcome: { ok: true, value: { id: "cst_1" } }, abandoned: false });
    const [record] = await a.shared.redis.keys(`${prefix}idempotency:*`).then((keys) => keys.filter((key) => !key.endsWith(":lease")));
    const ttl = await a.shared.redis.pttl(record!);
    expect(ttl).toBeGreaterThan(IDEMPOTENCY_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(IDEMPOTENCY_TTL_MS);
  });

  it("reads a claim whose owner died as abandoned once its lease ran out, never as free", async () => {
    const owner = await replica(300);
    const other = await replica();
    expect(await owner.store.claim("orphan", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
    await owner.shared.close(); // the owner dies: no renewal, no outcome
    expect(await claimUntilAbandoned(other.store, "orphan")).toEqual({ fingerprint: "f", abandoned: true });
  });

  it("renews a live owner's lease every third of it, so a long create is not taken for abandoned", async () => {
    const owner = await replica(600);
    const other = await replica();
    const renewals = vi.spyOn(owner.shared.redis, "pexpire");
    await owner.store.claim("long", "f", IDEMPOTENCY_TTL_MS);
    // Two and a half leases: without renewals the claim would read as abandoned by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await other.store.claim("long", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
    // Every 200 ms for 1.5 s: seven renewals, fewer if the machine is slow, never hundreds.
    expect(renewals.mock.calls.length).toBeLessThanOrEqual(10);
    await owner.store.release("long");
    expect(await other.store.claim("long", "g", IDEMPOTENCY_TTL_MS)).toBeUndefined();
  });

  it("writes neither the caller's key nor its scope into Redis's key names", async () => {
    const { shared, store } = await replica();
    await store.claim("scope-digest:my-secret-order-key", "f", IDEMPOTENCY_TTL_MS);
    const keys = await shared.redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toMatch(/my-secret-order-key|scope-digest/);
  });

  it("keeps each key's lease apart: an outcome for one key leaves another still in flight", async () => {
    const owner = await replica();
    const other = await replica();
    await owner.store.claim("done", "f", IDEMPOTENCY_TTL_MS);
    await owner.store.claim("running", "f", IDEMPOTENCY_TTL_MS);
    await owner.store.complete("done", { ok: true, value: { id: "cst_1" } });
    expect(await other.store.claim("running", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
  });

  it("stops renewing a lease once it lets go of the key, so a next owner that dies leaves the key abandoned", async () => {
    const first = await replica(300);
    const next = await replica(300);
    const other = await replica();
    await first.store.claim("handed-on", "f", IDEMPOTENCY_TTL_MS);
    await first.store.release("handed-on");
    expect(await next.store.claim("handed-on", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
    await next.shared.close(); // the next owner dies: only a stray renewal could keep its lease
    expect(await claimUntilAbandoned(other.store, "handed-on")).toEqual({ fingerprint: "f", abandoned: true });
  });

  it("drops, without failing, an outcome or a release for a key this replica does not hold", async () => {
    const { store } = await replica();
    const other = await replica();
    await other.store.claim("not-mine", "f", IDEMPOTENCY_TTL_MS);
    await expect(store.complete("not-mine", { ok: true, value: { id: "cst_1" } })).resolves.toBeUndefined();
    await expect(store.release("never-claimed")).resolves.toBeUndefined();
    expect(await store.claim("not-mine", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
  });

  it("forgets a key it let go of: a stray outcome for it later does not overwrite the next owner's claim", async () => {
    const first = await replica();
    const next = await replica();
    await first.store.claim("let-go", "f", IDEMPOTENCY_TTL_MS);
    await first.store.release("let-go");
    await next.store.claim("let-go", "g", IDEMPOTENCY_TTL_MS);
    await first.store.complete("let-go", { ok: true, value: { id: "cst_stray" } });
    expect(await first.store.claim("let-go", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "g", abandoned: false });
  });

  it("does not hold the process open for a lease it is renewing", async () => {
    const { store } = await replica();
    const timers = vi.spyOn(globalThis, "setInterval");
    try {
      await store.claim("unref", "f", IDEMPOTENCY_TTL_MS);
      expect(timers).toHaveBeenCalled();
      for (const { value } of timers.mock.results) expect((value as NodeJS.Timeout).hasRef()).toBe(false);
    } finally {
      timers.mockRestore();
      await store.release("unref");
    }
  });

  it("refuses a claim with IDEMPOTENCY_UNAVAILABLE when Redis cannot be reached, keeping Redis's error for the log", async () => {
    const { shared, store } = await replica();
    await shared.close();
    const error = await store.claim("unreachable", "f", IDEMPOTENCY_TTL_MS).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions.code).toBe("IDEMPOTENCY_UNAVAILABLE");
    expect((error as GatewayError).message).toBe(
      "Idempotency-Key cannot be honoured now: the shared store is unreachable. bePaid was not called; retry later.",
    );
    // ioredis's refusal (no offline queue while disconnected), for the server log only.
    expect((error as GatewayError).originalError).toBeInstanceOf(Error);
    expect((error as GatewayError).originalError).not.toBeInstanceOf(GatewayError);
  });

  describe("a claim the gateway gave up waiting for", () => {
    /** Makes the store's next script run in Redis but fail for the gateway, as a command Redis ran after the gateway's timeout. */
    const runButTimeOut = (shared: SharedRedis) =>
      scriptCalls(shared.redis).mockImplementationOnce(async (run, ...args) => {
        await run(...args);
        throw new Error("Command timed out");
      });
    const unavailable = (claim: Promise<unknown>) =>
      claim.then(
        () => expect.fail("expected IDEMPOTENCY_UNAVAILABLE"),
        (error: GatewayError) => expect(error.extensions.code).toBe("IDEMPOTENCY_UNAVAILABLE"),
      );

    it("leaves the key free once Redis answers, though Redis ran the claim", async () => {
      const gaveUp = await replica();
      const other = await replica();
      runButTimeOut(gaveUp.shared);
      await unavailable(gaveUp.store.claim("given-up", "f", IDEMPOTENCY_TTL_MS));
      await vi.waitFor(async () => expect(await other.store.claim("given-up", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined());
    });

    it("tries the release again until Redis takes it", async () => {
      const gaveUp = await replica();
      const other = await replica();
      runButTimeOut(gaveUp.shared).mockRejectedValueOnce(new Error("Connection is closed."));
      await unavailable(gaveUp.store.claim("retried", "f", IDEMPOTENCY_TTL_MS));
      expect(await other.store.claim("retried", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
      await vi.waitFor(async () => expect(await other.store.claim("retried", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined(), { timeout: 5_000 });
    });

    it("lets go of it before claiming the key again, so the caller's retry runs at once", async () => {
      const { shared, store } = await replica();
      runButTimeOut(shared).mockRejectedValueOnce(new Error("Connection is closed."));
      await unavailable(store.claim("retried-here", "f", IDEMPOTENCY_TTL_MS));
      expect(await store.claim("retried-here", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
    });

    it("releases only its own claim: a late release leaves the next owner's claim in flight", async () => {
      const gaveUp = await replica();
      const next = await replica();
      const calls = runButTimeOut(gaveUp.shared).mockRejectedValueOnce(new Error("Connection is closed."));
      await unavailable(gaveUp.store.claim("taken-over", "f", IDEMPOTENCY_TTL_MS));
      // The given-up claim ends by other means (here: deleted) and another owner claims the key.
      const record = `${prefix}idempotency:${createHash("sha256").update("taken-over").digest("hex")}`;
      expect(await next.shared.redis.del(record, `${record}:lease`)).toBe(2);
      expect(await next.store.claim("taken-over", "g", IDEMPOTENCY_TTL_MS)).toBeUndefined();
      // The late release's retry runs: the claim, the failed release, then the retry.
      await vi.waitFor(() => expect(calls).toHaveBeenCalledTimes(3), { timeout: 5_000 });
      expect(await gaveUp.store.claim("taken-over", "g", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "g", abandoned: false });
    });

    it("sends no release for a claim that never left (Redis not reached)", async () => {
      const shared = connectSharedRedis({ url: `redis://127.0.0.1:${await freePort()}`, prefix, logger: createLogger({ level: "silent" }), onStateChange: () => undefined });
      connections.push(shared);
      await shared.firstAttempt;
      const store = createRedisIdempotencyStore({ shared, leaseMs: 60_000 });
      const scripts = scriptCalls(shared.redis);
      await unavailable(store.claim("never-sent", "f", IDEMPOTENCY_TTL_MS));
      expect(scripts).toHaveBeenCalledTimes(1);
    });

    it("sends each release until Redis takes it and no more, and before a claim of its own key only", async () => {
      const { shared, store } = await replica();
      const scripts = runButTimeOut(shared).mockRejectedValueOnce(new Error("Connection is closed."));
      await unavailable(store.claim("once-a", "f", IDEMPOTENCY_TTL_MS));
      scripts.mockClear();
      expect(await store.claim("once-b", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
      expect(scripts).toHaveBeenCalledTimes(1); // the claim alone
      scripts.mockClear();
      expect(await store.claim("once-a", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined();
      expect(scripts).toHaveBeenCalledTimes(2); // the release taken, then the claim
      scripts.mockClear();
      await new Promise((resolve) => setTimeout(resolve, 1_300)); // the retry that the failed release scheduled
      expect(scripts).not.toHaveBeenCalled();
    });

    it("keeps at most 10,000 releases waiting, dropping the oldest: its key reads as in flight, never free", async () => {
      const gaveUp = await replica();
      const other = await replica();
      const lost = () => Promise.reject(new Error("Command timed out"));
      // "oldest" and "second": claims Redis ran, whose releases are lost; then 9,999 that never ran.
      const scripts = scriptCalls(gaveUp.shared.redis)
        .mockImplementation(lost)
        .mockImplementationOnce(async (run, ...args) => run(...args).then(lost))
        .mockImplementationOnce(lost)
        .mockImplementationOnce(async (run, ...args) => run(...args).then(lost))
        .mockImplementationOnce(lost);
      await unavailable(gaveUp.store.claim("oldest", "f", IDEMPOTENCY_TTL_MS));
      await unavailable(gaveUp.store.claim("second", "f", IDEMPOTENCY_TTL_MS));
      expect(await other.store.claim("second", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
      for (let filler = 0; filler < 9_999; filler += 1) await unavailable(gaveUp.store.claim(`filler-${filler}`, "f", IDEMPOTENCY_TTL_MS));
      scripts.restore();
      // The retry, every second, releases what is still waiting: "second", not "oldest".
      await vi.waitFor(async () => expect(await other.store.claim("second", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined(), { timeout: 10_000 });
      expect(await other.store.claim("oldest", "f", IDEMPOTENCY_TTL_MS)).toEqual({ fingerprint: "f", abandoned: false });
    }, 30_000);

    it("retries a release of a held claim that could not reach Redis", async () => {
      const owner = await replica();
      const other = await replica();
      await owner.store.claim("release-retried", "f", IDEMPOTENCY_TTL_MS);
      scriptCalls(owner.shared.redis).mockRejectedValueOnce(new Error("Command timed out"));
      await owner.store.release("release-retried");
      await vi.waitFor(async () => expect(await other.store.claim("release-retried", "f", IDEMPOTENCY_TTL_MS)).toBeUndefined(), { timeout: 5_000 });
    });
  });
});
