import { Writable } from "node:stream";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/sandbox.js";
import { createServer, type GatewayServer } from "../../src/server.js";

/** What a caller sees of one GraphQL answer. */
export interface GraphQLResponse<TData> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
  };
}

/** A gateway and a sandbox talking over real HTTP on ephemeral ports, plus what the gateway logged. */
export interface Stack {
  sandbox: Sandbox;
  gatewayUrl: string;
  /** `/metrics` on its own listener, when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** Every log line the gateway wrote, as raw text. */
  logs: string[];
  /** Sends a typed document as a JSON POST, as a frontend would. */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
  /** Sends a raw GraphQL source (for shapes no typed document has, such as aliases). */
  query<TData = any>(source: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse<TData>>;
  /** Requests to bePaid that the sandbox received for `method` + `path` (a RegExp or exact path). */
  upstreamCalls(method?: string, path?: string | RegExp): number;
  close(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Gateway environment on top of the test defaults (sandbox URL, demo shop, short timeouts). */
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  /** The gateway's circuit-breaker clock (ms); default `Date.now`. */
  now?: () => number;
  /** Point the gateway here instead of at the sandbox (e.g. a closed port). */
  bepaidUrl?: string;
}

/** Short timeouts keep fault tests fast; they are still real timeouts over real sockets. */
export const TEST_TIMEOUT_MS = 300;

/** Starts a sandbox and a gateway in front of it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = createSandbox(options.sandbox);
  const sandboxUrl = await sandbox.listen(0);
  const bepaidUrl = options.bepaidUrl ?? sandboxUrl;
  const config = loadConfig({
    PORT: "0",
    BEPAID_API_URL: bepaidUrl,
    BEPAID_SHOP_ID: DEMO_SHOP.shopId,
    BEPAID_SECRET_KEY: DEMO_SHOP.secretKey,
    BEPAID_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
    // Fault tests fail many calls in a row; the breaker has tests of its own.
    BEPAID_BREAKER_FAILURES: "1000",
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const server: GatewayServer = await createServer(config, bepaidUrl, { logger: createLogger({ destination }), now: options.now });
  const gatewayUrl = await server.listen();

  const post = async (source: string, variables: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: source, variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<any>["body"] };
  };

  return {
    sandbox,
    gatewayUrl,
    metricsUrl: server.metricsUrl(),
    logs,
    execute: (document, variables, headers) => post(print(document), variables, headers),
    query: (source, variables, headers) => post(source, variables, headers),
    upstreamCalls: (method, path) =>
      sandbox.calls.filter(
        (call) =>
          (method === undefined || call.method === method) &&
          (path === undefined || (typeof path === "string" ? call.path === path : path.test(call.path))),
      ).length,
    close: async () => {
      await server.close();
      await sandbox.close();
    },
  };
}

/**
 * Starts a stack before the enclosing suite's tests and closes it after them, with the
 * sandbox's calls and faults cleared before each test. The returned object stands for the
 * running stack once the suite has started.
 */
export function useStack(options: StackOptions | (() => Promise<StackOptions>) = {}): Stack {
  let current: Stack | undefined;
  beforeAll(async () => {
    current = await startStack(typeof options === "function" ? await options() : options);
  });
  afterAll(() => current?.close());
  beforeEach(() => current?.sandbox.reset());
  return new Proxy({} as Stack, {
    get(_, property) {
      if (!current) throw new Error("the stack is used before its suite started");
      return current[property as keyof Stack];
    },
  });
}
