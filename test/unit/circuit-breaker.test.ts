import { describe, expect, it } from "vitest";
import { type CircuitState, createCircuitBreaker } from "../../src/bepaid/circuit-breaker.js";

function breaker() {
  let time = 0;
  const changes: CircuitState[] = [];
  const subject = createCircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 1000,
    now: () => time,
    onStateChange: (state) => changes.push(state),
  });
  const fail = () => {
    expect(subject.tryAcquire()).toBe(true);
    subject.release("failure");
  };
  return { subject, changes, fail, advance: (ms: number) => (time += ms) };
}

describe("the circuit breaker", () => {
  it("stays closed until the threshold of consecutive failures", () => {
    const { subject, fail } = breaker();
    fail();
    fail();
    subject.tryAcquire();
    subject.release("success");
    fail();
    fail();
    expect(subject.state).toBe("closed");
    fail();
    expect(subject.state).toBe("open");
    expect(subject.tryAcquire()).toBe(false);
  });

  it("lets exactly one probe through after the cooldown, and closes on its success", () => {
    const { subject, changes, fail, advance } = breaker();
    fail();
    fail();
    fail();
    advance(1000);
    expect(subject.state).toBe("half-open");
    expect(subject.tryAcquire()).toBe(true);
    expect(subject.tryAcquire()).toBe(false);
    subject.release("success");
    expect(subject.state).toBe("closed");
    expect(changes).toEqual(["open", "half-open", "closed"]);
  });

  it("opens again when the probe fails", () => {
    const { subject, fail, advance } = breaker();
    fail();
    fail();
    fail();
    advance(1000);
    fail();
    expect(subject.state).toBe("open");
    advance(999);
    expect(subject.tryAcquire()).toBe(false);
  });

  it("takes a 4xx answer as a sign of life", () => {
    const { subject, fail, advance } = breaker();
    fail();
    fail();
    fail();
    advance(1000);
    subject.tryAcquire();
    subject.release("neutral");
    expect(subject.state).toBe("closed");
  });
});
