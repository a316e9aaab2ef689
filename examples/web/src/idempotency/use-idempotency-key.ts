import { useCallback, useRef } from "react";

/**
 * One `Idempotency-Key` per form submission. `keyFor(values)` gives the same key for the same
 * values until `settle()` (the gateway answered: a success, or a failure it keeps under the key),
 * so a double click, or sending again a create whose answer was lost, reuses it and the gateway
 * creates the customer once. Changed values, or a settled submission, get a fresh key.
 */
export function useIdempotencyKey() {
  const pending = useRef<{ values: string; key: string } | undefined>(undefined);
  const keyFor = useCallback((values: string) => {
    if (pending.current?.values !== values) pending.current = { values, key: newKey() };
    return pending.current.key;
  }, []);
  const settle = useCallback(() => {
    pending.current = undefined;
  }, []);
  return { keyFor, settle };
}

/** 128 random bits as hex: printable ASCII, as the gateway asks. `crypto.randomUUID` needs a secure context; this does not. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
