import { DEMO_SHOP, type ShopCredentials } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/sandbox.js";

/** What a client sees of one answer. */
export interface Reply {
  status: number;
  headers: Headers;
  /** The body exactly as sent. */
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
}

/** An `Authorization` header value for a shop's credentials. */
export function basic({ shopId, secretKey }: ShopCredentials): string {
  return `Basic ${Buffer.from(`${shopId}:${secretKey}`).toString("base64")}`;
}

/** A listening sandbox plus a small client for it; close it in afterEach. */
export interface Harness {
  sandbox: Sandbox;
  /** Sends a request; `body` objects are JSON-encoded, strings sent as-is; auth defaults to the demo shop. */
  request(method: string, path: string, init?: { body?: unknown; auth?: string | null }): Promise<Reply>;
}

/** Starts a sandbox on an ephemeral port. */
export async function startSandbox(options?: SandboxOptions): Promise<Harness> {
  const sandbox = createSandbox(options);
  const url = await sandbox.listen(0);
  return {
    sandbox,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { Accept: "application/json" };
      const auth = init.auth === undefined ? basic(DEMO_SHOP) : init.auth;
      if (auth !== null) headers.Authorization = auth;
      let body: string | undefined;
      if (init.body !== undefined) {
        headers["Content-Type"] = "application/json";
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      }
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
}

/** The smallest valid customer. */
export const MINIMAL_CUSTOMER = { email: "jane@example.com", ip: "192.0.2.10" };
