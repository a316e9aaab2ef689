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

/** A call's leave to go out; handed back to {@link CircuitBreaker.release} with the outcome. */
export interface BreakerPermit {
  /** True for the single call let through to test a half-open circuit. */
  readonly probe: boolean;
}

/** One per process and upstream: shared by every credential set, since an outage is bePaid's, not a shop's. */
export interface CircuitBreaker {
  /** Where it stands now (an open circuit past its cooldown reads half-open); the metrics read it. */
  readonly state: CircuitState;
  /** A permit when a call may go out now (in half-open, for the one probe only); undefined when not. */
  tryAcquire(): BreakerPermit | undefined;
  /** Reports the outcome of a call made under `permit`. */
  release(permit: BreakerPermit, outcome: "success" | "failure" | "neutral"): void;
}

const NORMAL: BreakerPermit = Object.freeze({ probe: false });
const PROBE: BreakerPermit = Object.freeze({ probe: true });

/**
 * A consecutive-failure circuit breaker: closed until `failureThreshold` calls fail in a row;
 * then open, refusing calls without trying, for `cooldownMs`; then half-open, letting a single
 * probe through, which closes it on success or opens it again on failure. Only the probe's own
 * outcome moves a half-open circuit: calls that began before it opened and end meanwhile
 * change nothing. A "neutral" outcome (bePaid responded, if only with a 4xx) is a sign of life.
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
  const open = () => {
    openedAt = now();
    moveTo("open");
  };

  return {
    get state() {
      if (state === "open" && now() - openedAt >= options.cooldownMs) return "half-open";
      return state;
    },
    tryAcquire() {
      if (state === "closed") return NORMAL;
      if (state === "open") {
        if (now() - openedAt < options.cooldownMs) return undefined;
        moveTo("half-open");
      }
      if (probing) return undefined;
      probing = true;
      return PROBE;
    },
    release(permit, outcome) {
      if (permit.probe) {
        probing = false;
        if (outcome === "failure") open();
        else {
          failures = 0;
          moveTo("closed");
        }
        return;
      }
      if (state !== "closed") return;
      if (outcome !== "failure") failures = 0;
      else if (++failures >= options.failureThreshold) open();
    },
  };
}
