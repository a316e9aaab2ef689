import type { AuthenticateCaller } from "./auth/authenticate-caller.js";
import type { Caller, CallerRequest } from "./auth/caller.js";
import type { BepaidClient } from "./bepaid/client.js";
import type { ClientPool } from "./bepaid/client-pool.js";
import { type CustomerLoader, createCustomerLoader } from "./customers/customer.loader.js";
import { bindIdempotency, type IdempotentCreate } from "./idempotency/idempotent-create.js";
import type { IdempotencyStore } from "./idempotency/idempotency-store.js";
import { GatewayError } from "./errors/gateway-error.js";
import type { RateLimit } from "./limits/rate-limit.js";
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
  /** Runs a create at most once per the caller's `Idempotency-Key`. */
  idempotent: IdempotentCreate;
}

/** What the HTTP layer knows of a request when its context is made. */
export interface RequestFacts extends CallerRequest {
  idempotencyKey: string | undefined;
  report: RequestReport;
}

/** What the context factory is built from, once per process. */
export interface ContextDependencies {
  authenticate: AuthenticateCaller;
  clients: ClientPool;
  idempotencyStore: IdempotencyStore;
  /** Counts the caller's operation and refuses it over the limit (`GATEWAY_RATE_LIMIT`); unset: none. */
  rateLimit?: RateLimit;
  onLoaderBatch?: (size: number) => void;
}

/**
 * Builds a request's context: authenticates the caller (throwing `UNAUTHENTICATED` or
 * `AUTH_UNAVAILABLE` before any bePaid call), counts it against its rate limit (throwing
 * `RATE_LIMITED`), and makes fresh loaders, so nothing is shared across operations or credentials.
 */
export function createContextFactory({ authenticate, clients, idempotencyStore, rateLimit, onLoaderBatch }: ContextDependencies) {
  return async (facts: RequestFacts): Promise<GatewayContext> => {
    // The facts are what the authenticator reads too: passed as they are, not copied without the key.
    const { idempotencyKey, report } = facts;
    let caller: Caller;
    try {
      caller = await authenticate(facts);
      report.caller = caller.id;
      if (rateLimit) await rateLimit(caller.id);
    } catch (error) {
      // Apollo runs no plugin for a request whose context fails: record the refusal here.
      if (error instanceof GatewayError) report.errors.push(error.code);
      throw error;
    }
    const { key, client } = clients(caller.credentials);
    const bepaid = listReadOnce(client.session(report.bepaidCalls));
    return {
      caller,
      bepaid,
      customers: createCustomerLoader(bepaid, onLoaderBatch),
      idempotent: bindIdempotency({ store: idempotencyStore, scope: key, key: idempotencyKey, onReplay: () => (report.replayed = true) }),
      report,
    };
  };
}

/**
 * The operation's client, reading the list at most once. Within one operation every bePaid read
 * is made once: an operation that runs twice (compiled, then by Apollo's own execution after an
 * error: src/execution/compiled-execution.plugin.ts) sends nothing twice.
 */
function listReadOnce(client: BepaidClient): BepaidClient {
  let list: ReturnType<BepaidClient["listCustomers"]> | undefined;
  return {
    getCustomer: (id) => client.getCustomer(id),
    listCustomers: () => (list ??= client.listCustomers()),
    createCustomer: (body) => client.createCustomer(body),
  };
}
