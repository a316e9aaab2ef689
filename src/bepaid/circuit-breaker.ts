/** Where the breaker stands: calls flow, are refused, or one probe is let through. */
export type CircuitState = "closed" | "open" | "half-open";

/** Settings of {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before letting one probe through. */
  cooldownMs: number;
  /** Told of every change of state (for metrics and logs). */
  onStateChange?: (state: CircuitState) => void;
  /** The clock; tests pass their own. */
  now?: () => number;
}

/** One per process and upstream: shared by every credential set, since an outage is bePaid's, not a shop's. */
export interface CircuitBreaker {
  readonly state: CircuitState;
  /** True when a call may go out now; in half-open, true for the one probe only. */
  tryAcquire(): boolean;
  /** Reports the outcome of a call that {@link tryAcquire} let through. */
  release(outcome: "success" | "failure" | "neutral"): void;
}

/**
 * A consecutive-failure circuit breaker: closed until `failureThreshold` calls fail in a row;
 * then open, refusing calls without trying, for `cooldownMs`; then half-open, letting a single
 * probe through, which closes it on success or opens it again on failure. A "neutral" outcome
 * (bePaid answered, if only with a 4xx) counts as a sign of life.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = "closed";
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  const moveTo = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };

  return {
    get state() {
      if (state === "open" && now() - openedAt >= options.cooldownMs) return "half-open";
      return state;
    },
    tryAcquire() {
      if (state === "closed") return true;
      if (state === "open") {
        if (now() - openedAt < options.cooldownMs) return false;
        moveTo("half-open");
      }
      if (probing) return false;
      probing = true;
      return true;
    },
    release(outcome) {
      const wasProbe = probing && state === "half-open";
      if (wasProbe) probing = false;
      if (outcome === "failure") {
        failures += 1;
        if (wasProbe || (state === "closed" && failures >= options.failureThreshold)) {
          openedAt = now();
          moveTo("open");
        }
        return;
      }
      failures = 0;
      if (wasProbe || state === "half-open") moveTo("closed");
    },
  };
}
