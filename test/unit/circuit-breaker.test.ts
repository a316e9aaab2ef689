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
  const call = (outcome: "success" | "failure" | "neutral") => {
    const permit = subject.tryAcquire();
    expect(permit).toBeDefined();
    subject.release(permit!, outcome);
  };
  const trip = () => [1, 2, 3].forEach(() => call("failure"));
  return { subject, changes, call, trip, advance: (ms: number) => (time += ms) };
}

describe("the circuit breaker", () => {
  it("stays closed until the threshold of consecutive failures", () => {
    const { subject, call } = breaker();
    call("failure");
    call("failure");
    call("success");
    call("failure");
    call("failure");
    expect(subject.state).toBe("closed");
    call("failure");
    expect(subject.state).toBe("open");
    expect(subject.tryAcquire()).toBeUndefined();
  });

  it("lets exactly one probe through after the cooldown, and closes on its success", () => {
    const { subject, changes, trip, advance } = breaker();
    trip();
    advance(1000);
    expect(subject.state).toBe("half-open");
    const probe = subject.tryAcquire();
    expect(probe).toEqual({ probe: true });
    expect(subject.tryAcquire()).toBeUndefined();
    subject.release(probe!, "success");
    expect(subject.state).toBe("closed");
    expect(changes).toEqual(["open", "half-open", "closed"]);
  });

  it("opens again when the probe fails, for a full cooldown", () => {
    const { subject, trip, advance } = breaker();
    trip();
    advance(1000);
    subject.release(subject.tryAcquire()!, "failure");
    expect(subject.state).toBe("open");
    advance(999);
    expect(subject.tryAcquire()).toBeUndefined();
  });

  it("takes a 4xx answer to the probe as a sign of life", () => {
    const { subject, trip, advance } = breaker();
    trip();
    advance(1000);
    subject.release(subject.tryAcquire()!, "neutral");
    expect(subject.state).toBe("closed");
  });

  it("lets only the probe decide a half-open circuit, not calls that began before it opened", () => {
    const { subject, call, advance } = breaker();
    const slow = subject.tryAcquire()!;
    const slower = subject.tryAcquire()!;
    call("failure");
    call("failure");
    call("failure");
    advance(1000);
    const probe = subject.tryAcquire()!;
    subject.release(slow, "success");
    expect(subject.state).toBe("half-open");
    expect(subject.tryAcquire()).toBeUndefined();
    subject.release(slower, "failure");
    expect(subject.state).toBe("half-open");
    subject.release(probe, "success");
    expect(subject.state).toBe("closed");
  });

  it("does not stretch an open circuit's cooldown for a call that began before it opened", () => {
    const { subject, trip, advance } = breaker();
    const late = subject.tryAcquire()!;
    trip();
    advance(999);
    subject.release(late, "failure");
    advance(1);
    expect(subject.tryAcquire()).toEqual({ probe: true });
  });

  it("lets a probe through again the next time the circuit opens", () => {
    const { subject, trip, advance } = breaker();
    trip();
    advance(1000);
    subject.release(subject.tryAcquire()!, "success");
    trip();
    advance(1000);
    expect(subject.tryAcquire()).toEqual({ probe: true });
  });

  it("works with nobody listening to its changes", () => {
    const subject = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000 });
    subject.release(subject.tryAcquire()!, "failure");
    expect(subject.state).toBe("open");
    expect(subject.tryAcquire()).toBeUndefined();
  });
});
