import type { Fault } from "../../src/sandbox/faults.js";
import type { Sandbox } from "../../src/sandbox/sandbox.js";

const ONE_CUSTOMER = /^\/customers\/[^/]+$/;
const CUSTOMERS = "/customers"; // GET lists, POST creates
const HTML_502 = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";

/** One burst of misbehaviour, queued on the sandbox at once. */
export interface FaultBurst {
  name: string;
  faults: Fault[];
  /** How long what is left of it stays queued; default: the schedule's `activeMs`. */
  lastsMs?: number;
}

/**
 * The bursts, in the order they come round. The two that catch every request ("5xx-all",
 * "reset-all") are sized to fail well over BEPAID_BREAKER_FAILURES calls in a row, so the
 * breaker opens; the cooldown is shorter than the gap between bursts, so it closes again. The
 * others are kept small, so that most of the run still reaches bePaid rather than an open breaker.
 */
export const BURSTS: readonly FaultBurst[] = [
  { name: "5xx-all", faults: [{ times: 400, action: { kind: "respond", status: 503, body: { message: "Service Unavailable" } } }] },
  {
    name: "429",
    faults: [
      // A short Retry-After is waited out by the gateway's retries; a long one reaches the caller.
      { match: { method: "GET", path: ONE_CUSTOMER }, times: 60, action: { kind: "respond", status: 429, body: { message: "Too many requests" }, headers: { "Retry-After": "1" } } },
      { match: { method: "POST", path: CUSTOMERS }, times: 15, action: { kind: "respond", status: 429, body: { message: "Too many requests" }, headers: { "Retry-After": "30" } } },
      { match: { method: "GET", path: CUSTOMERS }, times: 5, action: { kind: "respond", status: 429, headers: { "Retry-After": "30" } } },
    ],
  },
  {
    // bePaid stops answering reads for longer than a read's three attempts take (about 2 s with
    // BEPAID_TIMEOUT_MS=500), so some reads end UPSTREAM_TIMEOUT; a few creates hang too.
    name: "hang",
    faults: [
      { match: { method: "POST" }, times: 4, action: { kind: "hang" } },
      { match: { method: "GET" }, times: Infinity, action: { kind: "hang" } },
    ],
    lastsMs: 2_500,
  },
  { name: "reset-all", faults: [{ times: 300, action: { kind: "reset" } }] },
  { name: "html-502", faults: [{ match: { method: "GET" }, times: 30, action: { kind: "respond", status: 502, body: HTML_502, headers: { "Content-Type": "text/html" } } }] },
  {
    name: "truncated-json",
    faults: [
      { match: { method: "GET", path: ONE_CUSTOMER }, times: 30, action: { kind: "respond", status: 200, body: '{"id":"cst_5ca4fab9dfc7fcbf","first_na' } },
      { match: { method: "GET", path: CUSTOMERS }, times: 3, action: { kind: "respond", status: 200, body: '[{"id":"cst_5ca4' } },
      { match: { method: "POST", path: CUSTOMERS }, times: 5, action: { kind: "respond", status: 201, body: '{"id":' } },
    ],
  },
  { name: "handleThenReset-creates", faults: [{ match: { method: "POST", path: CUSTOMERS }, times: 20, action: { kind: "handleThenReset" } }] },
  {
    name: "slow",
    faults: [
      { times: 150, action: { kind: "delay", ms: 300 } },
      // Past BEPAID_TIMEOUT_MS: reads retry or time out, creates become OUTCOME_UNKNOWN.
      { times: 15, action: { kind: "delay", ms: 900 } },
    ],
  },
];

/** A running schedule. */
export interface FaultSchedule {
  /** Stops queuing bursts and drops what is still queued, so the sandbox behaves from now on. */
  stop(): void;
  /** How many times each burst was queued. */
  readonly injected: ReadonlyMap<string, number>;
}

/**
 * Queues the next burst every `intervalMs`, starting now, round and round {@link BURSTS}; what
 * is left of a burst after `activeMs` is dropped. Without that limit a burst outlives an open
 * breaker (no call reaches bePaid to use it up) and greets every probe, so the breaker would
 * stay open for most of the run.
 */
export function startFaultSchedule(sandbox: Sandbox, intervalMs: number, activeMs: number): FaultSchedule {
  const injected = new Map<string, number>();
  let turn = 0;
  let expiry: NodeJS.Timeout | undefined;
  const inject = () => {
    const burst = BURSTS[turn++ % BURSTS.length]!;
    sandbox.faults.clear();
    sandbox.faults.push(...burst.faults);
    injected.set(burst.name, (injected.get(burst.name) ?? 0) + 1);
    clearTimeout(expiry);
    expiry = setTimeout(() => sandbox.faults.clear(), burst.lastsMs ?? activeMs);
  };
  inject();
  const timer = setInterval(inject, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      clearTimeout(expiry);
      sandbox.faults.clear();
    },
    injected,
  };
}
