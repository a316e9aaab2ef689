import { findShop, parseBasicAuth } from "./auth.js";
import type { ShopCredentials } from "./demo-shop.js";
import type { SandboxResponse } from "./http-io.js";
import type { CustomerStore } from "./store.js";
import { parseCustomerInput } from "./validation.js";

/** A request as bePaid's Customers API sees it, its body read in full. */
export interface ApiRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  authorization: string | undefined;
  body: string;
}

const CUSTOMER_PATH = /^\/customers\/([^/]+)$/;

/**
 * bePaid's three Customers endpoints over `store`, open to `shops` only. Routing comes before
 * authentication, as in a Rails app: an unknown path gets 404 whoever asks.
 */
export function createCustomersApi(
  shops: readonly ShopCredentials[],
  store: CustomerStore,
): (request: ApiRequest) => SandboxResponse {
  const authenticated =
    (handle: (shopId: string, request: ApiRequest) => SandboxResponse) =>
    (request: ApiRequest): SandboxResponse => {
      const shop = findShop(shops, parseBasicAuth(request.authorization));
      return shop === undefined
        ? { status: 401, body: { message: "Invalid shop_id/secret_key." } }
        : handle(shop.shopId, request);
    };

  const list = authenticated((shopId) => ({ status: 200, body: store.list(shopId) }));

  const create = authenticated((shopId, request) => {
    const input = parseCustomerInput(request.body);
    return input.ok
      ? { status: 201, body: store.create(shopId, input.fields) }
      : { status: 422, body: input.error };
  });

  const show = (id: string) =>
    authenticated((shopId) => {
      const customer = store.find(shopId, id);
      return customer === undefined
        ? { status: 404, body: { response: { message: "Record not found" } } }
        : { status: 200, body: customer };
    });

  return (request) => {
    const method = request.method.toUpperCase();
    if (request.path === "/customers") {
      if (method === "GET") return list(request);
      if (method === "POST") return create(request);
      return methodNotAllowed("GET, POST");
    }
    const id = CUSTOMER_PATH.exec(request.path)?.[1];
    if (id !== undefined) return method === "GET" ? show(id)(request) : methodNotAllowed("GET");
    return { status: 404, body: { message: "Not found" } };
  };
}

function methodNotAllowed(allow: string): SandboxResponse {
  return { status: 405, body: { message: "Method not allowed" }, headers: { Allow: allow } };
}
