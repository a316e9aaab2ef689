import type { AuthenticateCaller } from "./auth/authenticate-caller.js";
import type { Caller, CallerRequest } from "./auth/caller.js";
import type { BepaidClient } from "./bepaid/client.js";
import type { ClientPool } from "./bepaid/client-pool.js";
import { type CustomerLoader, createCustomerLoader } from "./customers/customer.loader.js";
import { type CustomerList, createCustomerList, invalidatingCreates } from "./customers/customer-list.js";
import { bindIdempotency, type IdempotentCreate } from "./idempotency/idempotent-create.js";
import type { IdempotencyStore } from "./idempotency/idempotency-store.js";
import { GatewayError } from "./errors/gateway-error.js";
import { admitCaller } from "./limits/admit-caller.js";
import type { RateLimit } from "./limits/rate-limit.js";
import type { ListCache } from "./list-cache/list-cache.js";
import type { ReportingContext, RequestReport } from "./observability/request-report.js";

/** What every resolver gets for one operation: the caller's own bePaid client and loaders. */
export interface GatewayContext extends ReportingContext {
  /** Who is calling: its id, credentials and scopes. */
  caller: Caller;
  /**
   * bePaid, with the credentials this caller is entitled to; its calls land in the report. The
   * list is read at most once per operation, as the loader reads each id once.
   */
  bepaid: BepaidClient;
  /** Customers by id, cached for this operation only. */
  customers: CustomerLoader;
  /** The shop's whole list, read once for this operation (or served by the list cache, when on). */
  customerList: CustomerList;
  /** Runs a create at most once per the caller's `Idempotency-Key`. */
  idempotent: IdempotentCreate;
  /** The client's address, which failed authentications are counted by. */
  remoteAddress: string | undefined;
}

/** What the HTTP layer knows of a request when its context is made. */
export interface ContextRequest extends CallerRequest {
  idempotencyKey: string | undefined;
  report: RequestReport;
}

/** What the context factory is built from, once per process. */
export interface ContextDependencies {
  authenticate: AuthenticateCaller;
  clients: ClientPool;
  idempotencyStore: IdempotencyStore;
  /** Counts the caller's operations and its address's refused credentials, refusing either over the limit (`GATEWAY_RATE_LIMIT`); unset: none. */
  rateLimit?: RateLimit;
  onLoaderBatch?: (size: number) => void;
  /** Shops' lists kept across operations (`GATEWAY_LIST_CACHE_TTL_MS`); unset: none. */
  listCache?: ListCache;
  /** Told the length of every list read from bePaid. */
  onListRead?: (customers: number) => void;
}

/**
 * Builds a request's context: authenticates the caller (throwing `UNAUTHENTICATED` or
 * `AUTH_UNAVAILABLE` before any bePaid call), counts it and its address's refused credentials
 * against the rate limit (throwing `RATE_LIMITED`), and makes fresh loaders, so nothing is
 * shared across operations or credentials.
 */
export function createContextFactory({ authenticate, clients, idempotencyStore, rateLimit, onLoaderBatch, listCache, onListRead }: ContextDependencies) {
  return async (request: ContextRequest): Promise<GatewayContext> => {
    // The authenticator reads this same request: passed as it is, not copied without the key.
    const { idempotencyKey, report } = request;
    let caller: Caller;
    try {
      if (rateLimit) {
        caller = await admitCaller(request, { authenticate, rateLimit, onCaller: (known) => (report.caller = known.id) });
      } else {
        caller = await authenticate(request);
        report.caller = caller.id;
      }
    } catch (error) {
      // Apollo runs no plugin for a request whose context fails: record the refusal here.
      if (error instanceof GatewayError) report.errors.push(error.code);
      throw error;
    }
    const { key, client } = clients(caller.credentials);
    const session = client.session(report.bepaidCalls, report.trace);
    // A create ends the shop's cached list: the shop's next read must see the new customer.
    const bepaid = listCache ? invalidatingCreates(session, () => listCache.invalidate(key)) : session;
    return {
      caller,
      bepaid,
      customers: createCustomerLoader(bepaid, onLoaderBatch),
      customerList: createCustomerList({ bepaid, shop: key, cache: listCache, onRead: onListRead, onCached: (age) => (report.listAge = age) }),
      // A key is the caller's own within its credential set: another user of the same shop
      // sending it gets a create of its own, never the first caller's customer.
      idempotent: bindIdempotency({ store: idempotencyStore, scope: `${key} ${caller.id}`, key: idempotencyKey, onReplay: () => (report.replayed = true) }),
      report,
      remoteAddress: request.remoteAddress,
    };
  };
}
