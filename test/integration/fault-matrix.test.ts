import { describe, it } from "vitest";
import type { FaultAction } from "../../src/sandbox/faults.js";
import { CreateCustomerDocument, CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { type GraphQLResponse, type Stack, TEST_TIMEOUT_MS, startStack } from "../helpers/stack.js";

/**
 * Every bePaid call against every way bePaid can fail, as the contract's error table says a
 * caller sees it: the code and its extras, how many attempts reached bePaid, and that the caller
 * waited at least the backoff between them. Each cell runs on a stack of its own, so cells run side by side and a fault,
 * a delayed answer or a created customer never leaks from one cell into another.
 */

const RETRIES = 2;
const JOHN = "cst_5ca4fab9dfc7fcbf";
const NEW_CUSTOMER = { email: "matrix@example.com", ip: "10.1.1.1" };
const HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
/** Far beyond the per-attempt timeout: a gateway that waited for it would take seconds per attempt. */
const SLOW_MS = 2_000;
/** The client's backoff before retry n (0-based): 300 ms·2^n, of which equal jitter keeps at least half. */
const backoffMs = (n: number) => 300 * 2 ** n;
/**
 * Per-attempt timeout of the cells whose fault is not about time (resets, 5xx, 429, bad bodies).
 * With the test default of 300 ms, a loaded machine can delay the sandbox's reset or answer past
 * the timeout, and the cell would then rightly report a timeout instead of what it is testing.
 */
const PATIENT_TIMEOUT_MS = 2_000;
/** Timers may fire a millisecond or so early against performance.now(). */
const TIMER_MARGIN_MS = 50;

interface Call {
  label: string;
  method: "GET" | "POST";
  path: string;
  /** The field the error sits at, and `data` as the caller gets it when the call fails. */
  field: string;
  failedData: unknown;
  send(stack: Stack): Promise<GraphQLResponse<unknown>>;
}

const CALLS: Call[] = [
  {
    label: "customer(id)",
    method: "GET",
    path: `/customers/${JOHN}`,
    field: "customer",
    failedData: { customer: null },
    send: (stack) => stack.execute(CustomerDocument, { id: JOHN }),
  },
  {
    label: "customers",
    method: "GET",
    path: "/customers",
    field: "customers",
    // `customers` is non-null, so its null spreads to `data`.
    failedData: null,
    send: (stack) => stack.execute(CustomersDocument),
  },
  {
    label: "createCustomer",
    method: "POST",
    path: "/customers",
    field: "createCustomer",
    failedData: { createCustomer: null },
    send: (stack) => stack.execute(CreateCustomerDocument, { input: NEW_CUSTOMER }),
  },
];

interface Outcome {
  code: string;
  attempts: number;
}

interface FaultRow {
  when: string;
  action: FaultAction;
  /** bePaid sent an answer (so an `X-Request-Id`), rather than none at all. */
  answers: boolean;
  /** Each attempt waits out the per-attempt timeout ({@link TEST_TIMEOUT_MS}; else {@link PATIENT_TIMEOUT_MS}). */
  timesOut: boolean;
  /** The pause before each retry when bePaid asked for one (`Retry-After`), instead of backoff. */
  retryAfterMs?: number;
  /** Extensions beyond `code` (and `upstreamRequestId`). */
  extras?: Record<string, unknown>;
  read: Outcome;
  create: Outcome;
}

const TIMEOUT_READ = { code: "UPSTREAM_TIMEOUT", attempts: RETRIES + 1 };
const UNAVAILABLE_READ = { code: "UPSTREAM_UNAVAILABLE", attempts: RETRIES + 1 };
const UNKNOWN_CREATE = { code: "UPSTREAM_OUTCOME_UNKNOWN", attempts: 1 };

/** A proxy's HTML error page in front of bePaid. */
function proxyPage(status: number, title: string): FaultRow {
  return {
    when: `answered a ${status} HTML page`,
    action: { kind: "respond", status, body: HTML_PAGE.replaceAll("502 Bad Gateway", `${status} ${title}`), headers: { "Content-Type": "text/html" } },
    answers: true,
    timesOut: false,
    extras: { upstreamStatus: status },
    read: UNAVAILABLE_READ,
    create: UNKNOWN_CREATE,
  };
}

const FAULTS: FaultRow[] = [
  {
    when: `answered only after ${SLOW_MS} ms`,
    action: { kind: "delay", ms: SLOW_MS },
    answers: false,
    timesOut: true,
    read: TIMEOUT_READ,
    create: UNKNOWN_CREATE,
  },
  {
    when: "answered 503",
    action: { kind: "respond", status: 503, body: { message: "Service Unavailable" } },
    answers: true,
    timesOut: false,
    extras: { upstreamStatus: 503 },
    read: UNAVAILABLE_READ,
    // bePaid says it did not take the request: nothing was created.
    create: { code: "UPSTREAM_UNAVAILABLE", attempts: 1 },
  },
  {
    when: "answered 429 with Retry-After: 1",
    action: { kind: "respond", status: 429, body: { message: "Too Many Requests" }, headers: { "Retry-After": "1" } },
    answers: true,
    timesOut: false,
    retryAfterMs: 1_000,
    extras: { retryAfter: 1 },
    read: { code: "RATE_LIMITED", attempts: RETRIES + 1 },
    create: { code: "RATE_LIMITED", attempts: 1 },
  },
  {
    when: "reset the connection before answering",
    action: { kind: "reset" },
    answers: false,
    timesOut: false,
    read: UNAVAILABLE_READ,
    create: UNKNOWN_CREATE,
  },
  {
    when: "handled the request, then reset the connection",
    action: { kind: "handleThenReset" },
    answers: false,
    timesOut: false,
    read: UNAVAILABLE_READ,
    create: UNKNOWN_CREATE,
  },
  {
    when: "never answered",
    action: { kind: "hang" },
    answers: false,
    timesOut: true,
    read: TIMEOUT_READ,
    create: UNKNOWN_CREATE,
  },
  // A proxy's 502 or 504 says nothing of whether bePaid behind it made the customer.
  proxyPage(502, "Bad Gateway"),
  proxyPage(504, "Gateway Timeout"),
  {
    when: "answered 200 with truncated JSON",
    action: { kind: "respond", status: 200, body: `{"id":"${JOHN}","email":"jo` },
    answers: true,
    timesOut: false,
    read: { code: "UPSTREAM_BAD_RESPONSE", attempts: 1 },
    create: { code: "UPSTREAM_BAD_RESPONSE", attempts: 1 },
  },
];

/**
 * The least a caller must have waited: attempts, their timeouts and the backoff between them,
 * which proves the pauses happened. No upper bound: a shared machine can always be slower, and
 * that a stalled answer was not waited for is proven by the code itself (a wait would succeed).
 */
function leastWaitMs(row: FaultRow, attempts: number): number {
  const perAttempt = row.timesOut ? TEST_TIMEOUT_MS : 0;
  let pauses = 0;
  for (let n = 0; n < attempts - 1; n += 1) pauses += row.retryAfterMs ?? backoffMs(n) / 2;
  return attempts * perAttempt + pauses - TIMER_MARGIN_MS;
}

/** Vitest's own limit per cell: far above the slowest cell's ceiling, plus start-up and close. */
const CELL_TIMEOUT_MS = 20_000;

const plural = (n: number) => (n === 1 ? "1 attempt" : `${n} attempts`);

describe.concurrent(`the fault matrix (BEPAID_RETRIES=${RETRIES})`, () => {
  for (const row of FAULTS) {
    describe(`when bePaid ${row.when}`, () => {
      for (const call of CALLS) {
        const expected = call.method === "POST" ? row.create : row.read;
        it(`${call.label} is ${expected.code} after ${plural(expected.attempts)}`, async ({ expect }) => {
          const timeoutMs = row.timesOut ? TEST_TIMEOUT_MS : PATIENT_TIMEOUT_MS;
          const stack = await startStack({ env: { BEPAID_RETRIES: String(RETRIES), BEPAID_TIMEOUT_MS: String(timeoutMs) } });
          try {
            stack.sandbox.faults.push({ match: { method: call.method, path: call.path }, times: Infinity, action: row.action });

            const started = performance.now();
            const { status, body } = await call.send(stack);
            const elapsed = performance.now() - started;

            expect(status).toBe(200);
            expect(body.data).toEqual(call.failedData);
            expect(body.errors).toHaveLength(1);
            const lastCall = stack.sandbox.calls.at(-1);
            expect(body.errors?.[0]).toMatchObject({ path: [call.field] });
            expect(body.errors?.[0]?.extensions).toEqual({
              code: expected.code,
              ...row.extras,
              ...(row.answers ? { upstreamRequestId: lastCall?.requestId } : {}),
            });
            expect(stack.upstreamCalls(call.method, call.path)).toBe(expected.attempts);
            expect(stack.upstreamCalls()).toBe(expected.attempts);

            expect(elapsed).toBeGreaterThanOrEqual(leastWaitMs(row, expected.attempts));

            if (call.method === "POST" && row.action.kind === "handleThenReset") {
              // bePaid did create it: "outcome unknown" was the honest answer, not a failure.
              const list = await stack.execute(CustomersDocument);
              expect(list.body.data?.customers.map((customer) => customer.email)).toContain(NEW_CUSTOMER.email);
            }
          } finally {
            await stack.close();
          }
        }, CELL_TIMEOUT_MS);
      }
    });
  }
});
