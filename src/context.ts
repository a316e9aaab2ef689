import type { AuthenticateCaller } from "./auth/authenticate-caller.js";
import type { BepaidCallRecord } from "./bepaid/call-record.js";
import type { BepaidClient } from "./bepaid/client.js";
import type { ClientPool } from "./bepaid/client-pool.js";
import { type CustomerLoader, createCustomerLoader } from "./customers/customer.loader.js";

/** What every resolver gets for one operation: the caller's own bePaid client and loaders. */
export interface GatewayContext {
  /** bePaid, with the credentials this caller is entitled to; its calls land in `bepaidCalls`. */
  bepaid: BepaidClient;
  /** Customers by id, cached for this operation only. */
  customers: CustomerLoader;
  /** Every bePaid call this operation made, for its log line. */
  bepaidCalls: BepaidCallRecord[];
}

/**
 * Builds a request's context: authenticates the caller (throwing `UNAUTHENTICATED` before any
 * bePaid call) and makes fresh loaders, so nothing is shared across operations or credentials.
 */
export function createContextFactory(authenticate: AuthenticateCaller, clients: ClientPool) {
  return (authorization: string | undefined): GatewayContext => {
    const bepaidCalls: BepaidCallRecord[] = [];
    const bepaid = clients(authenticate(authorization)).session(bepaidCalls);
    return { bepaid, customers: createCustomerLoader(bepaid), bepaidCalls };
  };
}
