import { describe, expect, it } from "vitest";
import { type BepaidCall, BepaidConnectionError, BepaidNotCalledError } from "../../src/bepaid/errors.js";
import { GatewayError } from "../../src/errors/gateway-error.js";
import { type IdempotencyStore, createMemoryIdempotencyStore } from "../../src/idempotency/idempotency-store.js";
import { bindIdempotency } from "../../src/idempotency/idempotent-create.js";

const POST: BepaidCall = { method: "POST", endpoint: "/customers" };
const INPUT = { email: "once@example.com" };

/** A create that counts its calls and answers `outcome` (a value, or a thrown error). */
function createResponding(outcome: () => Promise<unknown>) {
  const create = async () => {
    create.calls += 1;
    return outcome();
  };
  create.calls = 0;
  return create;
}

/** The error a keyed create was refused with, checked to be the gateway's own. */
async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe("a create bound to an Idempotency-Key", () => {
  const bind = (store: IdempotencyStore = createMemoryIdempotencyStore(), key = "order-1") =>
    bindIdempotency({ store, scope: "shop", key, onReplay: () => undefined });

  it("refuses a malformed key, saying what a key may hold, before the create runs", async () => {
    const create = createResponding(async () => ({ id: "cst_1" }));
    const error = await refusal(bind(undefined, "has space")(INPUT, create));
    expect(error.extensions.code).toBe("IDEMPOTENCY_KEY_INVALID");
    expect(error.message).toBe("Idempotency-Key must be 1 to 255 printable ASCII characters, without spaces.");
    expect(create.calls).toBe(0);
  });

  it("refuses a second create while the first still holds the key, saying it is in progress", async () => {
    const idempotent = bind();
    let finish!: (value: unknown) => void;
    const first = idempotent(INPUT, () => new Promise((resolve) => (finish = resolve)));
    const second = createResponding(async () => ({ id: "cst_2" }));
    const error = await refusal(idempotent(INPUT, second));
    expect(error.extensions.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    expect(error.message).toBe("A create with this Idempotency-Key is still in progress; retry in a moment.");
    expect(second.calls).toBe(0);
    finish({ id: "cst_1" });
    await expect(first).resolves.toEqual({ id: "cst_1" });
  });

  it("answers UPSTREAM_OUTCOME_UNKNOWN, and never runs the create, for a key whose first create stopped before it answered", async () => {
    // What the Redis store reports once a replica died mid-create and its lease ran out.
    const abandoned: IdempotencyStore = {
      claim: async (_key, fingerprint) => ({ fingerprint, abandoned: true }),
      complete: async () => undefined,
      release: async () => undefined,
    };
    const create = createResponding(async () => ({ id: "cst_2" }));
    const error = await refusal(bind(abandoned)(INPUT, create));
    expect(error.extensions.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
    expect(error.message).toBe(
      "The first create with this Idempotency-Key stopped before it answered: the customer may or may not exist. Look it up before creating it again.",
    );
    expect(create.calls).toBe(0);
  });

  it.each([
    ["the circuit to bePaid was open", new BepaidNotCalledError(POST, "circuit-open")],
    ["too many bePaid calls were in flight", new BepaidNotCalledError(POST, "overloaded")],
    ["bePaid refused the connection", new BepaidConnectionError(POST, false)],
  ])("frees the key of a create never sent because %s, so a retry with it runs", async (_, notSent) => {
    const idempotent = bind();
    await expect(idempotent(INPUT, createResponding(() => Promise.reject(notSent)))).rejects.toBe(notSent);
    const retry = createResponding(async () => ({ id: "cst_1" }));
    await expect(idempotent(INPUT, retry)).resolves.toEqual({ id: "cst_1" });
    expect(retry.calls).toBe(1);
  });

  it("keeps the key of a create whose connection broke after bePaid may have seen it: a retry answers UPSTREAM_OUTCOME_UNKNOWN without resending", async () => {
    const idempotent = bind();
    const lost = new BepaidConnectionError(POST, true);
    await expect(idempotent(INPUT, createResponding(() => Promise.reject(lost)))).rejects.toBe(lost);
    const retry = createResponding(async () => ({ id: "cst_2" }));
    expect((await refusal(idempotent(INPUT, retry))).extensions.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
    expect(retry.calls).toBe(0);
  });
});
