import ky, { HTTPError } from "ky";
import type { BepaidCallRecord } from "./call-record.js";
import type { BepaidCallTrace, BepaidCallTracer } from "./call-tracer.js";
import type { BreakerPermit, CircuitBreaker } from "./circuit-breaker.js";
import type { ConcurrencyLimiter } from "./concurrency-limiter.js";
import { customerPath } from "./customer-path.js";
import {
  type BepaidCall,
  BepaidBadResponseError,
  BepaidError,
  BepaidHttpError,
  BepaidNotCalledError,
  ResponseTooLargeError,
} from "./errors.js";
import { retryAfterSeconds, toBepaidError } from "./failure.js";
import { parseCustomer, parseCustomerList } from "./parse.js";
import { type createPoolFetch, type PoolFetch, responseBytes, upstreamRequestId } from "./pool-fetch.js";
import type { UnchangedLists } from "./unchanged-lists.js";
import { originAndPath } from "./url-parts.js";
import type { BepaidCreateCustomerBody, BepaidCredentials, BepaidCustomer } from "./types.js";

/** How the gateway reaches bePaid; the same for every credential set. */
export interface BepaidClientOptions {
  /** bePaid's base URL, e.g. `https://api.bepaid.by` (a path prefix is kept). */
  baseUrl: string;
  /**
   * Per-attempt timeout: how long one attempt may take, from sending the request to the last
   * byte of the response's body (not an idle timeout: a body that trickles in past it times out).
   */
  timeoutMs: number;
  /** Extra attempts for reads (GET). A create is never sent twice: bePaid has no idempotency key. */
  retries: number;
  /** The process's circuit breaker, shared by every credential set. */
  breaker?: CircuitBreaker;
  /** The process's cap on concurrent bePaid calls, shared by every credential set. */
  limiter?: ConcurrencyLimiter;
  /** Told of every call when it ends (metrics). */
  onCall?: (record: BepaidCallRecord) => void;
  /**
   * The fetch ky uses, shared by the process: {@link createPoolFetch}, which resolves only once
   * the body is read, so the per-attempt timeout bounds a stalled body too.
   */
  fetch: PoolFetch;
  /**
   * The byte cap of `GET /customers` (`BEPAID_MAX_LIST_BYTES`), which returns the whole shop at
   * once; every other call keeps the pool fetch's `maxResponseBytes`. Default: that cap too.
   */
  maxListBytes?: number;
  /** The process's last list of each shop, so an unchanged list is not parsed again; unset: every list is parsed. */
  unchangedLists?: UnchangedLists;
}

/** bePaid's Customers API for one credential set. Every failure is a typed `BepaidError`. */
export interface BepaidClient {
  /** `GET /customers/:id`; `null` when bePaid responds 404. */
  getCustomer(id: string): Promise<BepaidCustomer | null>;
  /**
   * `GET /customers`: every customer of the shop. The records may be shared with other
   * operations of the same shop (an unchanged list is parsed once): read them, never change them.
   */
  listCustomers(): Promise<readonly BepaidCustomer[]>;
  /** `POST /customers`, sent exactly once. */
  createCustomer(body: BepaidCreateCustomerBody): Promise<BepaidCustomer>;
}

/**
 * A credential set's client; `session(log, tracer)` gives the same client recording its calls
 * into `log` and, when traces are on, a span per attempt through `tracer`.
 */
export interface BepaidShopClient extends BepaidClient {
  session(log: BepaidCallRecord[], tracer?: BepaidCallTracer): BepaidClient;
}

/** The longest pause between two attempts, whether exponential backoff or bePaid's `Retry-After`. */
export const MAX_RETRY_WAIT_MS = 5_000;

const GET_CUSTOMER: BepaidCall = { method: "GET", endpoint: "/customers/:id" };
const LIST_CUSTOMERS: BepaidCall = { method: "GET", endpoint: "/customers" };
const CREATE_CUSTOMER: BepaidCall = { method: "POST", endpoint: "/customers" };

/**
 * Builds the client for one credential set: one ky instance, and its headers built once (the pool
 * fetch adds them to each attempt);
 * connections come from the process's shared pool fetch and are reused across requests.
 */
export function createBepaidClient(options: BepaidClientOptions, credentials: BepaidCredentials): BepaidShopClient {
  // Added by the pool fetch as each attempt goes out, not through ky's options (see PoolFetch).
  const fixedHeaders: Readonly<Record<string, string>> = Object.freeze({
    authorization: `Basic ${Buffer.from(`${credentials.shopId}:${credentials.secretKey}`).toString("base64")}`,
    accept: "application/json",
    // bePaid's docs ask for it on every call, GETs included.
    "content-type": "application/json",
  });
  const api = ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    retry: {
      limit: options.retries,
      methods: ["get"],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      retryOnTimeout: true,
      backoffLimit: MAX_RETRY_WAIT_MS,
      // "Equal jitter": spreads retries of many callers without ever retrying at once.
      jitter: (delay) => delay / 2 + (Math.random() * delay) / 2,
      shouldRetry: ({ error }) => {
        // The same read would be as large again: asking twice only doubles the bytes.
        if (error instanceof ResponseTooLargeError) return false;
        // A longer Retry-After than we are willing to wait is the caller's to honour (RATE_LIMITED).
        return error instanceof HTTPError &&
          (retryAfterSeconds(error.response.headers.get("retry-after")) ?? 0) * 1000 > MAX_RETRY_WAIT_MS
          ? false
          : undefined;
      },
    },
  });
  /**
   * ky's `fetch` for one call: counts its attempts, notes the path each was sent to, and hands
   * the pool fetch the credential set's headers and the call's body, if any (a create's JSON: ky
   * builds a bodiless request). A per-call fetch rather than a `beforeRequest` hook, which costs
   * ky an options copy and an awaited call per attempt, and the path is cut from the URL rather
   * than parsed anew.
   */
  const recordingFetch =
    (record: BepaidCallRecord, trace: BepaidCallTrace | undefined, body: Buffer | undefined): typeof fetch =>
    (input) => {
      // ky hands its fetch the Request it built, always, with its abort signal inside.
      const request = input as Request;
      record.attempts += 1;
      record.path = originAndPath(request.url)[1].split("?", 1)[0];
      const maxBytes = record.call === LIST_CUSTOMERS ? options.maxListBytes : undefined;
      if (!trace) return options.fetch(request, { headers: fixedHeaders, maxBytes, body });
      return trace.attempt((headers) => options.fetch(request, { headers: { ...fixedHeaders, ...headers }, maxBytes, body }));
    };
  async function fetchAndParse<T>(
    record: BepaidCallRecord,
    trace: BepaidCallTrace | undefined,
    path: string,
    parse: (body: Buffer) => T,
    requestBody: Buffer | undefined,
  ): Promise<T> {
    const { call } = record;
    let response: Response;
    let body: Buffer;
    try {
      // ky's per-attempt timeout covers the body too: the pool fetch resolves only once it is read.
      response = await api(path, { method: call.method, fetch: recordingFetch(record, trace, requestBody) });
      body = await responseBytes(response);
    } catch (error) {
      throw await toBepaidError(error, call);
    }
    record.status = response.status;
    record.requestId = upstreamRequestId(response);
    try {
      return parse(body);
    } catch (error) {
      const reason = error instanceof SyntaxError ? "the body is not JSON" : (error as Error).message;
      throw new BepaidBadResponseError(call, reason, record.requestId);
    }
  }

  /**
   * One call, through the breaker and the limiter, recorded (and traced, when a tracer is given)
   * whatever its end. `requestBody` goes out beside the request ky builds (see `BesideRequest`).
   */
  async function send<T>(session: Session, call: BepaidCall, path: string, parse: (body: Buffer) => T, requestBody?: Buffer): Promise<T> {
    const started = performance.now();
    const record: BepaidCallRecord = { call, attempts: 0, durationMs: 0, outcome: "ok" };
    const trace = session.tracer?.call(call);
    let permit: BreakerPermit | undefined;
    let breakerOutcome: "success" | "failure" | "neutral" = "neutral";
    let slot = false;
    try {
      if (options.breaker) {
        permit = options.breaker.tryAcquire();
        if (!permit) throw new BepaidNotCalledError(call, "circuit-open");
      }
      slot = options.limiter ? await options.limiter.acquire() : false;
      if (options.limiter && !slot) throw new BepaidNotCalledError(call, "overloaded");
      const result = await fetchAndParse(record, trace, path, parse, requestBody);
      breakerOutcome = "success";
      trace?.end();
      return result;
    } catch (error) {
      trace?.end(error);
      if (error instanceof BepaidHttpError) {
        record.status = error.status;
        record.requestId = error.requestId;
      }
      if (countsAsOutage(error)) breakerOutcome = "failure";
      record.outcome = error instanceof BepaidError ? error.name : "Error";
      throw error;
    } finally {
      if (slot) options.limiter!.release();
      if (permit) options.breaker!.release(permit, breakerOutcome);
      record.durationMs = performance.now() - started;
      session.log?.push(record);
      options.onCall?.(record);
    }
  }

  // This credential set's entry in the process's last lists, keyed by an object no other client holds.
  const shop = {};
  const { unchangedLists } = options;
  const parseList = (body: Buffer) => parseCustomerList(parseJson(body));
  const readList = unchangedLists ? (body: Buffer) => unchangedLists.read(shop, body, parseList) : parseList;

  const session = (log?: BepaidCallRecord[], tracer?: BepaidCallTracer): BepaidClient => ({
    async getCustomer(id) {
      try {
        return await send({ log, tracer }, GET_CUSTOMER, customerPath(id, GET_CUSTOMER), readCustomer);
      } catch (error) {
        if (error instanceof BepaidHttpError && error.status === 404) return null;
        throw error;
      }
    },
    listCustomers: () => send({ log, tracer }, LIST_CUSTOMERS, "customers", readList),
    // JSON as the fixed headers say (`Content-Type: application/json`), serialised once.
    createCustomer: (body) => send({ log, tracer }, CREATE_CUSTOMER, "customers", readCustomer, Buffer.from(JSON.stringify(body))),
  });

  return { ...session(), session };
}

/** A response body's JSON; a `SyntaxError` when it is not JSON. */
function parseJson(body: Buffer): unknown {
  return JSON.parse(body.toString("utf8"));
}

const readCustomer = (body: Buffer) => parseCustomer(parseJson(body));

/** Where a session's calls are recorded, and traced when traces are on. */
interface Session {
  log: BepaidCallRecord[] | undefined;
  tracer: BepaidCallTracer | undefined;
}

/** Failures that say bePaid is down or unreachable; a 4xx (even 429) is bePaid responding. */
function countsAsOutage(error: unknown): boolean {
  if (error instanceof BepaidHttpError) return error.status >= 500;
  return error instanceof BepaidError && !(error instanceof BepaidNotCalledError);
}
