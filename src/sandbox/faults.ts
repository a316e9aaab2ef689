/** What the sandbox does with a request a fault caught. */
export type FaultAction =
  /** Respond with this instead. A string body is sent as-is (HTML pages, truncated JSON); an object is JSON-encoded. */
  | { kind: "respond"; status: number; body?: string | object; headers?: Record<string, string> }
  /** Destroy the socket once the request was read, without responding. */
  | { kind: "reset" }
  /** Never respond: the socket stays open until the client gives up or the sandbox closes. */
  | { kind: "hang" }
  /** Handle the request normally, but only after `ms` milliseconds. */
  | { kind: "delay"; ms: number }
  /** Handle the request normally (a create really creates), then destroy the socket instead of responding. */
  | { kind: "handleThenReset" }
  /** Send a 200's headers and the first byte of a JSON body, then nothing more (until close()). */
  | { kind: "stallBody" }
  /**
   * Send a 200 whose JSON array of customers never ends, until the client goes: as fast as the
   * client reads it, or one customer every `everyMs` milliseconds (a body that trickles in).
   */
  | { kind: "endlessBody"; everyMs?: number };

/** A queued misbehaviour, for tests of how a client copes with a failing bePaid. */
export interface Fault {
  /** Which requests it catches: method (any case) and/or exact path or pattern; omitted = any. */
  match?: { method?: string; path?: string | RegExp };
  /** How many requests it catches before it is used up; default 1, `Infinity` allowed. */
  times?: number;
  /** What it does to each request it catches. */
  action: FaultAction;
}

/** The test-only switch that makes the sandbox misbehave. */
export interface FaultSwitch {
  /** Queues faults after those already queued; the first one matching a request wins. */
  push(...faults: Fault[]): void;
  /** Drops every queued fault. */
  clear(): void;
  /** How many queued faults are not used up yet. */
  readonly pending: number;
}

/** The sandbox's side of the switch. */
export interface FaultQueue extends FaultSwitch {
  /** Takes the first queued fault that matches the request, using up one of its times. */
  take(method: string, path: string): FaultAction | undefined;
}

interface Queued {
  readonly method: string | undefined;
  readonly path: string | RegExp | undefined;
  remaining: number;
  readonly action: FaultAction;
}

/** Makes an empty fault queue. */
export function createFaultQueue(): FaultQueue {
  let queue: Queued[] = [];

  const matches = (fault: Queued, method: string, path: string): boolean => {
    if (fault.method !== undefined && fault.method !== method.toUpperCase()) return false;
    if (fault.path === undefined) return true;
    if (typeof fault.path === "string") return fault.path === path;
    // A /g or /y pattern keeps the index where it last matched; start over for every request.
    fault.path.lastIndex = 0;
    return fault.path.test(path);
  };

  return {
    push(...faults) {
      queue.push(...faults.map(checked));
    },
    clear() {
      queue = [];
    },
    get pending() {
      return queue.length;
    },
    take(method, path) {
      const fault = queue.find((candidate) => matches(candidate, method, path));
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) queue = queue.filter((candidate) => candidate !== fault);
      return fault.action;
    },
  };
}

// Copies the fault (a test may reuse its object) and rejects values that would only fail later,
// inside a request, where the test would see a hung or reset call instead of its own mistake.
function checked(fault: Fault): Queued {
  const times = fault.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
    throw new TypeError(`Fault times must be a positive integer or Infinity, got ${String(times)}`);
  }
  const { action } = fault;
  if (action.kind === "respond" && !(Number.isInteger(action.status) && action.status >= 100 && action.status <= 599)) {
    throw new TypeError(`Fault status must be an HTTP status (100-599), got ${String(action.status)}`);
  }
  if (action.kind === "endlessBody" && action.everyMs !== undefined && !(Number.isFinite(action.everyMs) && action.everyMs > 0)) {
    throw new TypeError(`Fault everyMs must be a finite number of ms > 0, got ${String(action.everyMs)}`);
  }
  if (action.kind === "delay" && !(Number.isFinite(action.ms) && action.ms >= 0)) {
    throw new TypeError(`Fault delay must be a finite number of ms >= 0, got ${String(action.ms)}`);
  }
  return { method: fault.match?.method?.toUpperCase(), path: fault.match?.path, remaining: times, action };
}
