import { createHash } from "node:crypto";
import {
  BepaidConnectionError,
  BepaidError,
  BepaidHttpError,
  BepaidNotCalledError,
} from "../bepaid/errors.js";
import { ErrorCode, isErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import { toGraphQLError } from "../errors/to-graphql-error.js";
import type { IdempotencyStore } from "./idempotency-store.js";

/** How long a key replays its first outcome (issue #3: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Runs a create at most once per key: `(input, create) => result`, `input` being what bePaid is sent. */
export type IdempotentCreate = <T>(input: unknown, create: () => Promise<T>) => Promise<T>;

/** Options of {@link bindIdempotency}. */
export interface IdempotencyBinding {
  /** Where keys live (memory, or Redis shared by replicas). */
  store: IdempotencyStore;
  /** The caller within its credential set: two callers (or two shops) never share a key. */
  scope: string;
  /** The request's `Idempotency-Key` header; undefined: creates simply run. */
  key: string | undefined;
  /** Told when a create is served from its key's first outcome. */
  onReplay: () => void;
}

/**
 * Binds idempotency to one caller: keys are scoped by `scope` (the caller within its credential
 * set), so two callers never share one. With no key the create simply runs. With a key: the first call runs and its
 * outcome is kept for 24 h; the same key with the same input replays that outcome without
 * calling bePaid; with another input, or while the first is still running, it is refused.
 * A create that provably never reached bePaid (not sent, refused connection, 401/403, 429)
 * frees its key for a retry; every other outcome, `UPSTREAM_OUTCOME_UNKNOWN` included, sticks.
 */
export function bindIdempotency({ store, scope, key, onReplay }: IdempotencyBinding): IdempotentCreate {
  return async (input, create) => {
    if (key === undefined) return create();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new GatewayError(ErrorCode.IDEMPOTENCY_KEY_INVALID, "Idempotency-Key must be 1 to 255 printable ASCII characters, without spaces.");
    }
    const scopedKey = `${scope}:${key}`;
    const fingerprint = createHash("sha256").update(JSON.stringify(input)).digest("base64");
    const existing = await store.claim(scopedKey, fingerprint, IDEMPOTENCY_TTL_MS);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new GatewayError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different input; use a new key for a new customer.");
      }
      if (!existing.outcome && existing.abandoned) {
        throw new GatewayError(
          ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
          "The first create with this Idempotency-Key stopped before it answered: the customer may or may not exist. Look it up before creating it again.",
        );
      }
      if (!existing.outcome) {
        throw new GatewayError(ErrorCode.IDEMPOTENCY_KEY_IN_USE, "A create with this Idempotency-Key is still in progress; retry in a moment.");
      }
      onReplay();
      if (existing.outcome.ok) return existing.outcome.value as Awaited<ReturnType<typeof create>>;
      const { message, extensions } = existing.outcome.error;
      const { code, ...extras } = extensions;
      throw new GatewayError(isErrorCode(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR, message, { extensions: extras });
    }

    try {
      const value = await create();
      await store.complete(scopedKey, { ok: true, value });
      return value;
    } catch (error) {
      if (error instanceof BepaidError && !neverReachedBepaid(error)) {
        const { message, publicExtensions } = toGraphQLError(error);
        await store.complete(scopedKey, { ok: false, error: { message, extensions: publicExtensions } });
      } else {
        await store.release(scopedKey);
      }
      throw error;
    }
  };
}

function neverReachedBepaid(error: BepaidError): boolean {
  if (error instanceof BepaidNotCalledError) return true;
  if (error instanceof BepaidConnectionError) return !error.requestMayHaveArrived;
  return error instanceof BepaidHttpError && [401, 403, 429].includes(error.status);
}
