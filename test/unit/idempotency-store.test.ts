import { describe, expect, it } from "vitest";
import { createMemoryIdempotencyStore } from "../../src/idempotency/idempotency-store.js";

describe("the in-memory idempotency store", () => {
  it("hands a free key to its first claimant and the entry to later ones", async () => {
    const store = createMemoryIdempotencyStore();
    expect(await store.claim("k", "f1", 1000)).toBeUndefined();
    expect(await store.claim("k", "f2", 1000)).toEqual({ fingerprint: "f1", outcome: undefined });
    await store.complete("k", { ok: true, value: 42 });
    expect(await store.claim("k", "f1", 1000)).toEqual({ fingerprint: "f1", outcome: { ok: true, value: 42 } });
  });

  it("frees a key after its time to live", async () => {
    let time = 0;
    const store = createMemoryIdempotencyStore({ now: () => time });
    await store.claim("k", "f1", 1000);
    time = 1000;
    expect(await store.claim("k", "f2", 1000)).toBeUndefined();
  });

  it("frees a released key at once", async () => {
    const store = createMemoryIdempotencyStore();
    await store.claim("k", "f1", 1000);
    await store.release("k");
    expect(await store.claim("k", "f2", 1000)).toBeUndefined();
  });

  it("forgets the oldest keys past its size, so a key flood cannot grow it without bound", async () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c", "d"]) await store.claim(key, key, 60_000);
    expect(await store.claim("a", "again", 60_000)).toBeUndefined();
    expect(await store.claim("d", "again", 60_000)).toEqual({ fingerprint: "d", outcome: undefined });
  });

  it("gives an expired key's place to its new claim, so claiming it again pushes out no live key", async () => {
    let time = 0;
    const store = createMemoryIdempotencyStore({ maxEntries: 3, now: () => time });
    await store.claim("long", "f", 60_000);
    await store.claim("short", "f", 1000);
    await store.claim("other", "f", 60_000);
    time = 1000;
    expect(await store.claim("short", "again", 1000)).toBeUndefined();
    expect(await store.claim("long", "f", 60_000)).toEqual({ fingerprint: "f", outcome: undefined });
    expect(await store.claim("other", "f", 60_000)).toEqual({ fingerprint: "f", outcome: undefined });
  });

  it("drops, without failing, the outcome of a key it has already forgotten", async () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 1 });
    await store.claim("first", "f", 60_000);
    await store.claim("second", "f", 60_000);
    await expect(store.complete("first", { ok: true, value: 42 })).resolves.toBeUndefined();
    expect(await store.claim("first", "f", 60_000)).toBeUndefined();
  });
});
