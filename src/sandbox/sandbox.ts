import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseBasicAuth } from "./auth.js";
import { createCustomersApi } from "./customers-api.js";
import { DEMO_SHOP, SEED_CUSTOMERS, type ShopCredentials } from "./demo-shop.js";
import { createFaultQueue, type FaultAction, type FaultSwitch } from "./faults.js";
import { generatedCustomers } from "./generated-customers.js";
import { BodyTooLargeError, readBody } from "../http/read-body.js";
import { send, sendEndless, type SandboxResponse } from "./http-io.js";
import { createCustomerStore } from "./store.js";

/** How a sandbox is set up. */
export interface SandboxOptions {
  /** Shops the sandbox accepts; default [DEMO_SHOP]. Each shop's data is separate. */
  shops?: readonly ShopCredentials[];
  /** Seed every shop with the two customers from bePaid's docs; default true. */
  seed?: boolean;
  /**
   * Made-up customers every shop holds after the seed ({@link generatedCustomers}); default 0.
   * For tests and benchmarks of shops of real sizes (a hundred thousand is fine).
   */
  generated?: number;
}

/** One request the sandbox received, as tests want to count and inspect them. */
export interface RecordedCall {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  /** The Basic user name the request claimed, accepted or not; null when it sent none. */
  shopId: string | null;
  /** The `X-Request-Id` the sandbox responded (or would have responded) with. */
  requestId: string;
  /** The W3C `traceparent` the request carried (the gateway's client span), or null. */
  traceparent: string | null;
}

/** An embedded stand-in for bePaid's Customers API, on its own HTTP server. */
export interface Sandbox {
  /** Starts listening; port 0 = ephemeral. Resolves to the base URL, e.g. "http://127.0.0.1:41234". */
  listen(port?: number, host?: string): Promise<string>;
  /** Base URL once listening (throws if not listening). */
  readonly url: string;
  /** Every request received, in order (including refused and faulted ones); a snapshot. */
  readonly calls: readonly RecordedCall[];
  /** Test-only fault switch: queued faults make matching requests misbehave. */
  readonly faults: FaultSwitch;
  /** Clears calls and queued faults (keeps data). */
  reset(): void;
  /** Stops the server, destroying open and hanging sockets so close never waits. */
  close(): Promise<void>;
}

/** Makes a sandbox; it serves nothing until {@link Sandbox.listen}. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const shops = options.shops ?? [DEMO_SHOP];
  const shopIds = shops.map((shop) => shop.shopId);
  const duplicate = shopIds.find((shopId, index) => shopIds.indexOf(shopId) !== index);
  if (duplicate !== undefined) throw new TypeError(`Sandbox shops must have distinct ids, got "${duplicate}" twice`);

  const store = createCustomerStore(shopIds, [...(options.seed === false ? [] : SEED_CUSTOMERS), ...generatedCustomers(options.generated ?? 0)]);
  const api = createCustomersApi(shops, store);
  const faults = createFaultQueue();
  const delays = new Set<NodeJS.Timeout>();
  let calls: RecordedCall[] = [];
  let baseUrl: string | undefined;

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const traceparent = typeof req.headers.traceparent === "string" ? req.headers.traceparent : null;
    calls.push({ method, path, shopId: parseBasicAuth(req.headers.authorization)?.shopId ?? null, requestId, traceparent });
    // The fault is picked on arrival, so faults apply in the order requests came in.
    const fault = faults.take(method, path);
    // The gateway's own body reader: an oversized body reads as undefined (a 413 below).
    readBody(req)
      .catch((error: unknown) => (error instanceof BodyTooLargeError ? undefined : Promise.reject(error)))
      .then((body) =>
        act(fault, res, requestId, () =>
          body === undefined
            ? { status: 413, body: { message: "Request body is too large" } }
            : api({ method, path, authorization: req.headers.authorization, body }),
        ),
      )
      // A client that went away mid-body, or a fault whose headers Node refuses.
      .catch(() => res.destroy());
  });

  // Responds to a request whose body was read, as the fault it drew (if any) says.
  const act = (fault: FaultAction | undefined, res: ServerResponse, requestId: string, handle: () => SandboxResponse) => {
    switch (fault?.kind) {
      case "respond":
        return send(res, requestId, fault);
      case "reset":
        return res.destroy();
      case "hang":
        return; // close() destroys the socket.
      case "delay": {
        const timer = setTimeout(() => {
          delays.delete(timer);
          send(res, requestId, handle());
        }, fault.ms);
        delays.add(timer);
        return;
      }
      case "stallBody":
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-request-id": requestId });
        res.write("{");
        return; // close() destroys the socket.
      case "endlessBody":
        return sendEndless(res, requestId, fault.everyMs);
      case "handleThenReset":
        handle();
        return res.destroy();
      default:
        return send(res, requestId, handle());
    }
  };

  return {
    listen(port = 0, host = "127.0.0.1") {
      if (server.listening) return Promise.reject(new Error(`The sandbox already listens at ${baseUrl}`));
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const { address, port: bound } = server.address() as AddressInfo;
          baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${bound}`;
          resolve(baseUrl);
        });
      });
    },
    get url() {
      if (baseUrl === undefined) throw new Error("The sandbox is not listening; await listen() first");
      return baseUrl;
    },
    get calls() {
      return [...calls];
    },
    faults,
    reset() {
      calls = [];
      faults.clear();
    },
    close() {
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      baseUrl = undefined;
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for busy keep-alive sockets, and a hanging request never ends.
        server.closeAllConnections();
      });
    },
  };
}
