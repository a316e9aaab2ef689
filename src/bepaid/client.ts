import ky, { HTTPError, type Options } from "ky";
import { type BepaidCall, BepaidBadResponseError, BepaidHttpError } from "./errors.js";
import { retryAfterSeconds, toBepaidError } from "./failure.js";
import { parseCustomer, parseCustomerList } from "./parse.js";
import type { BepaidCreateCustomerBody, BepaidCredentials, BepaidCustomer } from "./types.js";

/** How the gateway reaches bePaid; the same for every credential set. */
export interface BepaidClientOptions {
  /** bePaid's base URL, e.g. `https://api.bepaid.by` (a path prefix is kept). */
  baseUrl: string;
  /** Per-attempt timeout: how long one request may wait for bePaid's answer to begin. */
  timeoutMs: number;
  /** Extra attempts for reads (GET). A create is never sent twice: bePaid has no idempotency key. */
  retries: number;
}

/** bePaid's Customers API for one credential set. Every failure is a typed `BepaidError`. */
export interface BepaidClient {
  /** `GET /customers/:id`; `null` when bePaid answers 404. */
  getCustomer(id: string): Promise<BepaidCustomer | null>;
  /** `GET /customers`: every customer of the shop. */
  listCustomers(): Promise<BepaidCustomer[]>;
  /** `POST /customers`, sent exactly once. */
  createCustomer(body: BepaidCreateCustomerBody): Promise<BepaidCustomer>;
}

/** The longest pause between two attempts, whether exponential backoff or bePaid's `Retry-After`. */
export const MAX_RETRY_WAIT_MS = 5_000;

const GET_CUSTOMER: BepaidCall = { method: "GET", endpoint: "/customers/:id" };
const LIST_CUSTOMERS: BepaidCall = { method: "GET", endpoint: "/customers" };
const CREATE_CUSTOMER: BepaidCall = { method: "POST", endpoint: "/customers" };

/**
 * Builds the client for one credential set: one ky instance, so its headers are computed once
 * and its connections (fetch's keep-alive pool) are reused across requests.
 */
export function createBepaidClient(options: BepaidClientOptions, credentials: BepaidCredentials): BepaidClient {
  const api = ky.create({
    prefixUrl: options.baseUrl,
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.shopId}:${credentials.secretKey}`).toString("base64")}`,
      accept: "application/json",
      // bePaid's docs ask for it on every call, GETs included.
      "content-type": "application/json",
    },
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
      // A longer Retry-After than we are willing to wait is the caller's to honour (RATE_LIMITED).
      shouldRetry: ({ error }) =>
        error instanceof HTTPError &&
        (retryAfterSeconds(error.response.headers.get("retry-after")) ?? 0) * 1000 > MAX_RETRY_WAIT_MS
          ? false
          : undefined,
    },
  });
  // Bounds the attempts and pauses of a whole call; ky's per-attempt timeout stops at the headers.
  const readBudgetMs = options.timeoutMs * (options.retries + 1) + MAX_RETRY_WAIT_MS * options.retries;

  async function send<T>(call: BepaidCall, path: string, parse: (json: unknown) => T, init: Options = {}): Promise<T> {
    const controller = new AbortController();
    const abortAfter = (ms: number) =>
      setTimeout(() => controller.abort(new DOMException("bePaid call timed out", "TimeoutError")), ms);
    let timer = abortAfter(call.method === "GET" ? readBudgetMs : options.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await api(path, { ...init, method: call.method, signal: controller.signal });
      // The body gets one more attempt's time: a body that stalls is as good as no answer.
      clearTimeout(timer);
      timer = abortAfter(options.timeoutMs);
      text = await response.text();
    } catch (error) {
      throw await toBepaidError(error, call);
    } finally {
      clearTimeout(timer);
    }
    const requestId = response.headers.get("x-request-id") ?? undefined;
    try {
      return parse(JSON.parse(text));
    } catch (error) {
      const reason = error instanceof SyntaxError ? "the body is not JSON" : (error as Error).message;
      throw new BepaidBadResponseError(call, reason, requestId);
    }
  }

  return {
    async getCustomer(id) {
      try {
        return await send(GET_CUSTOMER, `customers/${encodeURIComponent(id)}`, parseCustomer);
      } catch (error) {
        if (error instanceof BepaidHttpError && error.status === 404) return null;
        throw error;
      }
    },
    listCustomers: () => send(LIST_CUSTOMERS, "customers", parseCustomerList),
    createCustomer: (body) => send(CREATE_CUSTOMER, "customers", parseCustomer, { json: body }),
  };
}
