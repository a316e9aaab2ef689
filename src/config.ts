import type { BepaidCredentials } from "./bepaid/types.js";
import { boolean, ConfigError, type EnvReader, envReader, httpUrl, integer, keyValuePairs, list, oneOf, origin } from "./env-values.js";

export { ConfigError };

/** The origins Apollo's hosted tools call from: embedded Sandbox (the landing page) and Studio; CORS allows them outside production. */
export const APOLLO_SANDBOX_ORIGINS = ["https://sandbox.embed.apollographql.com", "https://studio.apollographql.com"];

/** A static token guessable in fewer tries than a 32-character random one has no place in production. */
const MIN_PRODUCTION_TOKEN_LENGTH = 32;

/** Everything the gateway reads from its environment, typed and checked once at start-up. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** `NODE_ENV=production`: no introspection, no Sandbox page, no stack traces. */
  production: boolean;
  bepaid: {
    /** bePaid's base URL; `undefined` means: start the embedded sandbox and use it. */
    apiUrl: string | undefined;
    /** Server-held credentials; `undefined` when only pass-through callers are served. */
    credentials: BepaidCredentials | undefined;
    timeoutMs: number;
    retries: number;
    /** Consecutive failed calls that open the circuit breaker. */
    breakerFailures: number;
    /** How long an open breaker refuses calls before one probe. */
    breakerCooldownMs: number;
    /** bePaid calls in flight at once, across all callers. */
    maxConcurrent: number;
    /** Calls allowed to wait for a slot; more are refused at once. */
    maxQueued: number;
    /** The most bytes of one bePaid response the gateway reads; a longer 2xx is UPSTREAM_BAD_RESPONSE. */
    maxResponseBytes: number;
    /** The same cap for the list call (`GET /customers`), which returns the whole shop at once. */
    maxListBytes: number;
  };
  /**
   * How long a shop's customer list may be served without reading bePaid again
   * (`GATEWAY_LIST_CACHE_TTL_MS`); 0: never, every operation reads bePaid afresh.
   */
  listCacheTtlMs: number;
  /** Limits checked before any bePaid call. */
  limits: {
    /** Distinct bePaid lookups one operation may cause. */
    maxLookups: number;
    maxAliases: number;
    maxDepth: number;
    maxTokens: number;
    maxDirectives: number;
    maxCost: number;
  };
  /** How long SIGTERM waits for in-flight operations before closing their connections. */
  shutdownTimeoutMs: number;
  /** The HTTP listener's limits (Node's defaults would hold a stalled request for 5 minutes). */
  http: {
    /** A request (headers and body) must arrive whole within this; then 408. */
    requestTimeoutMs: number;
    /** Idle keep-alive connections stay open this long: above a load balancer's idle timeout. */
    keepAliveTimeoutMs: number;
    /** Open sockets at once; more are refused by the kernel's backlog, not served slowly. */
    maxConnections: number;
  };
  /** A separate listener for `/metrics` (same host), which the public one then does not serve. */
  metricsPort: number | undefined;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Browser origins allowed to call (CORS); outside production Apollo Sandbox's are added. */
  corsOrigins: readonly string[];
  /** Trusted documents (persisted operations): GraphQL Code Generator manifests. */
  documents: {
    /** Paths of the manifests (`GATEWAY_TRUSTED_DOCUMENTS`); empty: none. */
    manifests: readonly string[];
    /** Only manifest documents may run (`GATEWAY_TRUSTED_DOCUMENTS_ONLY`; default: in production when a manifest is set). */
    only: boolean;
  };
  callers: {
    /** Bearer tokens that unlock the server-held credentials. */
    tokens: readonly string[];
    /** Callers may bring their own bePaid credentials as `Authorization: Basic`. */
    passthrough: boolean;
    /** Callers with no `Authorization` header use the server-held credentials. */
    anonymous: boolean;
    /**
     * Outside production with no tokens and no JWKS, a caller's `Authorization: Bearer …` is
     * ignored (served as anonymous) instead of refused: a frontend that always sends its token
     * still works against `npm start`.
     */
    ignoreBearer: boolean;
    /** Access tokens (JWTs) from an identity provider; `undefined` when `GATEWAY_JWKS_URL` is unset. */
    accessTokens: AccessTokenConfig | undefined;
  };
  /** Shared state for replicas (`REDIS_URL`); undefined: in memory, right for one process only. */
  redis: RedisConfig | undefined;
  /** Operations per caller per minute (`GATEWAY_RATE_LIMIT`); undefined: no limit. */
  rateLimit: number | undefined;
  /**
   * How long an in-flight `Idempotency-Key` claim is held for its owner; a claim whose owner died
   * then gets `UPSTREAM_OUTCOME_UNKNOWN`. Default: the longest a create can take plus margin.
   */
  idempotencyLeaseMs: number;
  /** Serve as an Apollo Federation 2 subgraph (`GATEWAY_FEDERATION`). */
  federation: boolean;
  /** OpenTelemetry traces over OTLP/HTTP; undefined (the default): off, and nothing of OpenTelemetry loads. */
  tracing: TracingConfig | undefined;
}

/** The samplers of `OTEL_TRACES_SAMPLER` the gateway offers: the specification's built-in ones. */
export const TRACE_SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/** Where and how spans go, from the standard `OTEL_*` variables (the specification's names and defaults). */
export interface TracingConfig {
  /** `service.name` of every span: `OTEL_SERVICE_NAME`, else `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, else `bepaid-graphql-gateway`. */
  serviceName: string;
  /** The other resource attributes of `OTEL_RESOURCE_ATTRIBUTES` (e.g. `deployment.environment.name`). */
  resourceAttributes: Readonly<Record<string, string>>;
  /** The traces URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
  url: string;
  /** `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`: `http/protobuf` (default) or `http/json`. */
  protocol: "http/protobuf" | "http/json";
  /** Headers of every export (`OTEL_EXPORTER_OTLP_HEADERS`, overridden key by key by `..._TRACES_HEADERS`); may hold an API key. */
  headers: Readonly<Record<string, string>>;
  /** `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`). */
  sampler: (typeof TRACE_SAMPLERS)[number];
  /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers: the share of traces kept, 0 to 1 (default 1). */
  samplerRatio: number;
}

/** Where replicas keep what they share. */
export interface RedisConfig {
  /** e.g. `redis://127.0.0.1:6379/0` (`rediss://` for TLS); may hold a password, never logged. */
  url: string;
  /** Prefix of every key the gateway writes (`REDIS_PREFIX`, default `bepaid-gw:`). */
  prefix: string;
}

/** How access tokens are checked: `GATEWAY_JWKS_URL`, `GATEWAY_JWT_ISSUER`, `GATEWAY_JWT_AUDIENCE`. */
export interface AccessTokenConfig {
  /** The identity provider's JSON Web Key Set, fetched on first use and cached. */
  jwksUrl: URL;
  /** The `iss` every token must carry. */
  issuer: string;
  /** A value every token's `aud` must hold. */
  audience: string;
}

/**
 * Reads and validates the gateway's configuration (see docs/operations.md's table). Throws one
 * {@link ConfigError} listing every problem, each naming the variable, what it holds and what it
 * should hold. Secrets are never echoed back.
 */
export function loadConfig(env: NodeJS.ProcessEnv, sandboxShop?: BepaidCredentials): GatewayConfig {
  const read = envReader(env);
  // A typo ("prod", "Production") must not silently mean development, with its open defaults; the
  // other variables are then checked as production would check them, so one run lists everything.
  const nodeEnv = read.optional("NODE_ENV", oneOf(["production", "development", "test"])) ?? (read.failed("NODE_ENV") ? "production" : "development");
  const production = nodeEnv === "production";
  const apiUrl = read.optional("BEPAID_API_URL", (value) => {
    // Credentials travel in every call's Authorization header: in production only over TLS, or on this machine.
    httpUrl(value, production, "https://api.bepaid.by");
    return value.replace(/\/+$/, "");
  });
  // Production never runs on the embedded sandbox: it needs a real bePaid and real credentials.
  const realBepaid = production || read.isSet("BEPAID_API_URL");
  if (production && !read.isSet("BEPAID_API_URL")) {
    read.problem("BEPAID_API_URL is unset; in production it should be bePaid's URL (the embedded sandbox serves fake data)", "BEPAID_API_URL");
  }
  const shopId = read.optional("BEPAID_SHOP_ID", (value) => value);
  const secretKey = read.optional("BEPAID_SECRET_KEY", (value) => value);
  if ((shopId === undefined) !== (secretKey === undefined)) {
    const [missing, given] = shopId === undefined ? ["BEPAID_SHOP_ID", "BEPAID_SECRET_KEY"] : ["BEPAID_SECRET_KEY", "BEPAID_SHOP_ID"];
    read.problem(`${missing} is unset; it should be set together with ${given}`, missing);
  }
  // The demo shop is only a default on the embedded sandbox: it means nothing to real bePaid.
  const credentials = shopId !== undefined && secretKey !== undefined ? { shopId, secretKey } : realBepaid ? undefined : sandboxShop;

  const tokens = (read.optional("GATEWAY_TOKENS", (value) => value) ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  if (production && tokens.some((token) => token.length < MIN_PRODUCTION_TOKEN_LENGTH)) {
    read.problem(
      `GATEWAY_TOKENS holds a token shorter than ${MIN_PRODUCTION_TOKEN_LENGTH} characters; in production each should be at least ${MIN_PRODUCTION_TOKEN_LENGTH} random characters`,
      "GATEWAY_TOKENS",
    );
  }
  const passthrough = read.optional("GATEWAY_PASSTHROUGH", boolean) ?? false;
  const allowAnonymous = read.optional("GATEWAY_ALLOW_ANONYMOUS", boolean) ?? false;
  const accessTokens = loadAccessTokenConfig(read, production);

  // Checks of several variables together stay quiet when one of them is already reported as wrong.
  // Checks of several variables together stay quiet when one of them is already reported as wrong.
  if (!credentials && !read.failed("BEPAID_SHOP_ID", "BEPAID_SECRET_KEY")) {
    if (!passthrough && !read.failed("GATEWAY_PASSTHROUGH")) {
      read.problem(`BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; ${production ? "in production" : "with BEPAID_API_URL"} they should be set (or GATEWAY_PASSTHROUGH=true)`);
    } else {
      if (tokens.length > 0) {
        read.problem("GATEWAY_TOKENS is set but BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; tokens unlock server-held credentials, so set them too");
      }
      if (accessTokens) {
        read.problem("GATEWAY_JWKS_URL is set but BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; access tokens unlock server-held credentials, so set them too");
      }
    }
  }
  const authenticatesCallers = tokens.length > 0 || accessTokens !== undefined;
  const callerSettingsKnown = !read.failed("GATEWAY_TOKENS", "GATEWAY_PASSTHROUGH", "GATEWAY_ALLOW_ANONYMOUS", ...ACCESS_TOKEN_VARIABLES);
  if (production && callerSettingsKnown && !authenticatesCallers && !passthrough && !allowAnonymous) {
    read.problem(
      "NODE_ENV is production but GATEWAY_TOKENS and GATEWAY_JWKS_URL are unset and GATEWAY_PASSTHROUGH is false; set one of them, or GATEWAY_ALLOW_ANONYMOUS=true to serve callers with no token on purpose",
    );
  }

  const manifests = read.optional("GATEWAY_TRUSTED_DOCUMENTS", list) ?? [];
  const documentsOnly = read.optional("GATEWAY_TRUSTED_DOCUMENTS_ONLY", boolean) ?? (production && manifests.length > 0);
  if (documentsOnly && manifests.length === 0) {
    read.problem("GATEWAY_TRUSTED_DOCUMENTS_ONLY is true but GATEWAY_TRUSTED_DOCUMENTS is unset; it should name the manifests of the documents allowed to run");
  }

  const corsOrigins = read.optional("GATEWAY_CORS_ORIGINS", (value) => value.split(",").map(origin)) ?? [];
  const timeoutMs = read.optional("BEPAID_TIMEOUT_MS", (value) => integer(value, 1, 120_000, "milliseconds from 1 to 120000")) ?? 10_000;
  const redisUrl = read.optional("REDIS_URL", (value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:")) throw "a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0";
    return value;
  });

  const config: GatewayConfig = {
    port: read.optional("PORT", (value) => integer(value, 0, 65535, "a port number from 0 to 65535")) ?? 4000,
    host: read.optional("HOST", (value) => value) ?? "127.0.0.1",
    production,
    bepaid: {
      apiUrl,
      credentials,
      timeoutMs,
      retries: read.optional("BEPAID_RETRIES", (value) => integer(value, 0, 10, "a whole number from 0 to 10")) ?? 2,
      breakerFailures: read.count("BEPAID_BREAKER_FAILURES", 10, 1, 1_000_000),
      breakerCooldownMs: read.count("BEPAID_BREAKER_COOLDOWN_MS", 5_000, 1, 600_000),
      maxConcurrent: read.count("BEPAID_MAX_CONCURRENT", 128, 1, 10_000),
      maxQueued: read.count("BEPAID_MAX_QUEUED", 512, 0, 100_000),
      // One customer is a few hundred bytes: 8 MiB only stops a runaway response, while calls in
      // flight times the cap (128 × 8 MiB = 1 GiB at worst) still bounds what responses can hold.
      maxResponseBytes: read.optional("BEPAID_MAX_RESPONSE_BYTES", (value) =>
        integer(value, 1024, 1024 ** 3, "a whole number of bytes from 1024 to 1073741824"),
      ) ?? 8 * 1024 * 1024,
      // GET /customers is one unpaginated array of the whole shop: 64 MiB holds some 250,000
      // customers of ~250 bytes (the docs' example), 60,000 with every field at its maximum.
      maxListBytes: read.optional("BEPAID_MAX_LIST_BYTES", (value) =>
        integer(value, 1024, 1024 ** 3, "a whole number of bytes from 1024 to 1073741824"),
      ) ?? 64 * 1024 * 1024,
    },
    listCacheTtlMs: read.optional("GATEWAY_LIST_CACHE_TTL_MS", (value) => integer(value, 0, 86_400_000, "milliseconds from 0 (off) to 86400000 (a day)")) ?? 0,
    limits: {
      maxLookups: read.count("GATEWAY_MAX_LOOKUPS", 50, 1, 10_000),
      maxAliases: read.count("GATEWAY_MAX_ALIASES", 15, 1, 1_000),
      maxDepth: read.count("GATEWAY_MAX_DEPTH", 6, 1, 100),
      maxTokens: read.count("GATEWAY_MAX_TOKENS", 1_000, 10, 100_000),
      maxDirectives: read.count("GATEWAY_MAX_DIRECTIVES", 10, 0, 1_000),
      maxCost: read.count("GATEWAY_MAX_COST", 5_000, 1, 1_000_000),
    },
    shutdownTimeoutMs: read.count("GATEWAY_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    http: {
      requestTimeoutMs: read.count("GATEWAY_REQUEST_TIMEOUT_MS", 15_000, 100, 600_000),
      keepAliveTimeoutMs: read.count("GATEWAY_KEEP_ALIVE_TIMEOUT_MS", 65_000, 1_000, 600_000),
      maxConnections: read.count("GATEWAY_MAX_CONNECTIONS", 10_000, 1, 1_000_000),
    },
    metricsPort: read.optional("METRICS_PORT", (value) => integer(value, 0, 65535, "a port number from 0 to 65535")),
    logLevel: read.optional("LOG_LEVEL", oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"])) ?? "info",
    documents: { manifests, only: documentsOnly },
    corsOrigins: production ? corsOrigins : [...new Set([...corsOrigins, ...APOLLO_SANDBOX_ORIGINS])],
    callers: {
      tokens,
      passthrough,
      // Outside production an open gateway is the point of `npm start`; in production it must be asked for.
      anonymous: credentials !== undefined && !authenticatesCallers && (!production || allowAnonymous),
      // Production keeps refusing what it cannot check: a token there is meant to be verified.
      ignoreBearer: credentials !== undefined && !authenticatesCallers && !production,
      accessTokens,
    },
    redis: redisUrl === undefined ? undefined : { url: redisUrl, prefix: read.optional("REDIS_PREFIX", (value) => value) ?? "bepaid-gw:" },
    rateLimit: read.optional("GATEWAY_RATE_LIMIT", (value) => integer(value, 1, 1_000_000, "operations per caller per minute, a whole number from 1 to 1000000")),
    // A create is one attempt (never retried), so it ends within the timeout; the margin covers
    // the queue for a bePaid slot and the store's own round trips.
    idempotencyLeaseMs: read.count("GATEWAY_IDEMPOTENCY_LEASE_MS", timeoutMs + 30_000, 100, 3_600_000),
    federation: read.optional("GATEWAY_FEDERATION", boolean) ?? false,
    tracing: loadTracingConfig(read),
  };
  read.check();
  return config;
}

/**
 * Traces are on only when an OTLP endpoint is set (the contract), and neither of the standard
 * switches (`OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`) turns them off. OTLP goes over
 * HTTP only: every collector takes it, and gRPC would bring a second transport for nothing.
 */
function loadTracingConfig(read: EnvReader): TracingConfig | undefined {
  const tracesEndpoint = read.optional("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", (value) => httpUrl(value, false, "http://127.0.0.1:4318/v1/traces").href);
  const endpoint = read.optional("OTEL_EXPORTER_OTLP_ENDPOINT", (value) => httpUrl(value, false, "http://127.0.0.1:4318").href);
  const disabled = read.optional("OTEL_SDK_DISABLED", boolean) ?? false;
  const exporter = read.optional("OTEL_TRACES_EXPORTER", oneOf(["otlp", "none"])) ?? "otlp";
  const url = tracesEndpoint ?? (endpoint === undefined ? undefined : `${endpoint.replace(/\/+$/, "")}/v1/traces`);
  if (url === undefined || disabled || exporter === "none") return undefined;

  const protocol = oneOf(["http/protobuf", "http/json"] as const);
  const notGrpc = (value: string) => {
    if (value === "grpc") throw "http/protobuf or http/json (this gateway sends OTLP over HTTP only; a collector takes both on port 4318)";
    return protocol(value);
  };
  const resourceAttributes = read.optional("OTEL_RESOURCE_ATTRIBUTES", keyValuePairs) ?? {};
  const { "service.name": resourceServiceName, ...otherAttributes } = resourceAttributes;
  const sampler = read.optional("OTEL_TRACES_SAMPLER", oneOf(TRACE_SAMPLERS)) ?? "parentbased_always_on";
  // The specification has the argument ignored by samplers that take none.
  const samplerRatio = sampler.endsWith("traceidratio")
    ? read.optional("OTEL_TRACES_SAMPLER_ARG", (value) => {
        if (!/^\d*\.?\d+$/.test(value) || Number(value) > 1) throw "a ratio from 0 to 1, e.g. 0.25";
        return Number(value);
      })
    : undefined;
  return {
    serviceName: read.optional("OTEL_SERVICE_NAME", (value) => value) ?? resourceServiceName ?? "bepaid-graphql-gateway",
    resourceAttributes: otherAttributes,
    url,
    protocol: read.optional("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", notGrpc) ?? read.optional("OTEL_EXPORTER_OTLP_PROTOCOL", notGrpc) ?? "http/protobuf",
    headers: {
      ...read.optional("OTEL_EXPORTER_OTLP_HEADERS", keyValuePairs),
      ...read.optional("OTEL_EXPORTER_OTLP_TRACES_HEADERS", keyValuePairs),
    },
    sampler,
    samplerRatio: samplerRatio ?? 1,
  };
}

/** The access-token variables, which go together: all three set, or none. */
const ACCESS_TOKEN_VARIABLES = ["GATEWAY_JWKS_URL", "GATEWAY_JWT_ISSUER", "GATEWAY_JWT_AUDIENCE"] as const;

/** The three access-token variables: all set, or none. */
function loadAccessTokenConfig(read: EnvReader, production: boolean): AccessTokenConfig | undefined {
  const jwksUrl = read.optional("GATEWAY_JWKS_URL", (value) => httpUrl(value, production, "https://login.example.com/.well-known/jwks.json"));
  const issuer = read.optional("GATEWAY_JWT_ISSUER", (value) => value);
  const audience = read.optional("GATEWAY_JWT_AUDIENCE", (value) => value);
  const missing = ACCESS_TOKEN_VARIABLES.filter((name) => !read.isSet(name));
  if (missing.length === ACCESS_TOKEN_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    const set = ACCESS_TOKEN_VARIABLES.filter((name) => !missing.includes(name));
    read.problem(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} unset; it should be set together with ${set.join(" and ")} (all three or none)`, ...missing);
  }
  return jwksUrl && issuer !== undefined && audience !== undefined ? { jwksUrl, issuer, audience } : undefined;
}
