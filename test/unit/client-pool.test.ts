import { describe, expect, it } from "vitest";
import { createClientPool } from "../../src/bepaid/client-pool.js";

// Clients are built but never called: no request leaves.
const OPTIONS = { baseUrl: "http://127.0.0.1:9", timeoutMs: 1000, retries: 0, fetch };
const SHOP_A = { shopId: "1", secretKey: "secret-a" };
const SHOP_B = { shopId: "2", secretKey: "secret-b" };
const SHOP_C = { shopId: "3", secretKey: "secret-c" };

describe("createClientPool", () => {
  it("hands out the same client for the same credentials", () => {
    const pool = createClientPool(OPTIONS);
    expect(pool({ ...SHOP_A })).toBe(pool({ ...SHOP_A }));
  });

  it("hands out different clients for different credentials", () => {
    const pool = createClientPool(OPTIONS);
    expect(pool(SHOP_A)).not.toBe(pool(SHOP_B));
  });

  it("hands out different clients for the same shop with a different secret", () => {
    const pool = createClientPool(OPTIONS);
    expect(pool(SHOP_A)).not.toBe(pool({ shopId: SHOP_A.shopId, secretKey: "another-secret" }));
  });

  it("does not confuse credentials whose concatenations are equal", () => {
    const pool = createClientPool(OPTIONS);
    expect(pool({ shopId: "12", secretKey: "3" })).not.toBe(pool({ shopId: "1", secretKey: "23" }));
  });

  it("keeps apart credential sets that differ only in where a NUL character sits", () => {
    const pool = createClientPool(OPTIONS);
    const a = pool({ shopId: "1\0", secretKey: "2" });
    const b = pool({ shopId: "1", secretKey: "\x002" });
    expect(a).not.toBe(b);
    expect(a.key).not.toBe(b.key);
  });

  it("evicts the least recently used client past its maximum", () => {
    const pool = createClientPool(OPTIONS, 2);
    const a = pool(SHOP_A);
    const b = pool(SHOP_B);
    expect(pool(SHOP_A)).toBe(a); // A is now more recently used than B
    pool(SHOP_C); // evicts B

    expect(pool(SHOP_A)).toBe(a);
    expect(pool(SHOP_B)).not.toBe(b);
  });
});
