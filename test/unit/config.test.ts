import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import type { BepaidCredentials } from "../../src/bepaid/types.js";

const SANDBOX_SHOP: BepaidCredentials = { shopId: "361", secretKey: "sandbox-demo-secret" };
const REAL_API = "https://api.bepaid.by";
/** Production as it must be set up: a real bePaid and server-held credentials. */
const PRODUCTION = { NODE_ENV: "production", BEPAID_API_URL: REAL_API, BEPAID_SHOP_ID: "361", BEPAID_SECRET_KEY: "server-secret" };
const LONG_TOKEN = "0123456789abcdef0123456789abcdef";

/** The ConfigError `loadConfig` throws for `env`; fails the test when it does not throw one. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, SANDBOX_SHOP);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw a ConfigError`);
}

describe("loadConfig defaults", () => {
  it("listens on 127.0.0.1:4000 with a 10 s timeout and 2 retries when nothing is set", () => {
    const config = loadConfig({}, SANDBOX_SHOP);
    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.production).toBe(false);
    expect(config.bepaid.timeoutMs).toBe(10_000);
    expect(config.bepaid.retries).toBe(2);
    expect(config.callers).toEqual({ tokens: [], passthrough: false, anonymous: true, ignoreBearer: true, accessTokens: undefined });
  });

  it("uses the embedded sandbox and its demo shop when BEPAID_API_URL is unset", () => {
    const config = loadConfig({}, SANDBOX_SHOP);
    expect(config.bepaid.apiUrl).toBeUndefined();
    expect(config.bepaid.credentials).toEqual(SANDBOX_SHOP);
  });

  it("treats blank variables as unset", () => {
    const config = loadConfig({ PORT: "  ", BEPAID_API_URL: "", GATEWAY_TOKENS: " " }, SANDBOX_SHOP);
    expect(config.port).toBe(4000);
    expect(config.bepaid.apiUrl).toBeUndefined();
    expect(config.callers.tokens).toEqual([]);
  });

  it("never uses the sandbox's demo shop against a real bePaid", () => {
    const config = loadConfig({ BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true" }, SANDBOX_SHOP);
    expect(config.bepaid.apiUrl).toBe(REAL_API);
    expect(config.bepaid.credentials).toBeUndefined();
  });

  it("uses the configured shop over the sandbox's demo shop", () => {
    const config = loadConfig({ BEPAID_SHOP_ID: "42", BEPAID_SECRET_KEY: "s3cret" }, SANDBOX_SHOP);
    expect(config.bepaid.credentials).toEqual({ shopId: "42", secretKey: "s3cret" });
  });

  it("reads every value it is given", () => {
    const config = loadConfig(
      {
        PORT: "8080",
        HOST: "0.0.0.0",
        BEPAID_API_URL: "https://api.bepaid.by/",
        BEPAID_SHOP_ID: "42",
        BEPAID_SECRET_KEY: "s3cret",
        BEPAID_TIMEOUT_MS: "2500",
        BEPAID_RETRIES: "0",
        GATEWAY_TOKENS: "t1",
        GATEWAY_PASSTHROUGH: "true",
      },
      SANDBOX_SHOP,
    );
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect(config.bepaid.apiUrl).toBe(REAL_API);
    expect(config.bepaid.timeoutMs).toBe(2500);
    expect(config.bepaid.retries).toBe(0);
    expect(config.callers.tokens).toEqual(["t1"]);
    expect(config.callers.passthrough).toBe(true);
  });
});

describe("loadConfig hardening settings", () => {
  it("defaults to the documented limits", () => {
    const config = loadConfig({}, SANDBOX_SHOP);
    expect(config.limits).toEqual({ maxLookups: 50, maxAliases: 15, maxDepth: 6, maxTokens: 1000, maxDirectives: 10, maxCost: 5000 });
    expect(config.bepaid).toMatchObject({ breakerFailures: 10, breakerCooldownMs: 5_000, maxConcurrent: 128, maxQueued: 512, maxResponseBytes: 8 * 1024 * 1024 });
    expect(config.bepaid.maxListBytes).toBe(64 * 1024 * 1024);
    expect(config.listCacheTtlMs).toBe(0);
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.logLevel).toBe("info");
  });

  it("reads the limits it is given", () => {
    const config = loadConfig(
      { GATEWAY_MAX_LOOKUPS: "7", BEPAID_MAX_QUEUED: "0", BEPAID_MAX_RESPONSE_BYTES: "65536", BEPAID_MAX_LIST_BYTES: "131072", GATEWAY_LIST_CACHE_TTL_MS: "30000", LOG_LEVEL: "silent" },
      SANDBOX_SHOP,
    );
    expect(config.limits.maxLookups).toBe(7);
    expect(config.bepaid.maxQueued).toBe(0);
    expect(config.bepaid.maxResponseBytes).toBe(65_536);
    expect(config.bepaid.maxListBytes).toBe(131_072);
    expect(config.listCacheTtlMs).toBe(30_000);
    expect(config.logLevel).toBe("silent");
  });
});

describe("loadConfig refuses a bad value with one line naming it", () => {
  const cases: [variable: string, value: string, shouldHold: RegExp][] = [
    ["PORT", "abc", /port number/],
    ["PORT", "70000", /port number/],
    ["BEPAID_API_URL", "not a url", /http\(s\) URL/],
    ["BEPAID_API_URL", "ftp://x", /http\(s\) URL/],
    ["BEPAID_TIMEOUT_MS", "0", /milliseconds/],
    ["BEPAID_TIMEOUT_MS", "-5", /milliseconds/],
    ["BEPAID_TIMEOUT_MS", "1.5", /milliseconds/],
    ["BEPAID_RETRIES", "x", /whole number/],
    ["GATEWAY_PASSTHROUGH", "yes", /true or false/],
    ["BEPAID_MAX_CONCURRENT", "0", /whole number from 1 to 10000/],
    ["BEPAID_BREAKER_FAILURES", "many", /whole number/],
    ["BEPAID_MAX_RESPONSE_BYTES", "8MB", /whole number of bytes from 1024/],
    ["BEPAID_MAX_RESPONSE_BYTES", "100", /whole number of bytes from 1024/],
    ["BEPAID_MAX_LIST_BYTES", "64MiB", /whole number of bytes from 1024/],
    ["BEPAID_MAX_LIST_BYTES", "2000000000", /whole number of bytes from 1024 to 1073741824/],
    ["GATEWAY_LIST_CACHE_TTL_MS", "1m", /milliseconds from 0 \(off\)/],
    ["GATEWAY_LIST_CACHE_TTL_MS", "-1", /milliseconds from 0 \(off\)/],
    ["GATEWAY_MAX_LOOKUPS", "-1", /whole number from 1/],
    ["GATEWAY_SHUTDOWN_TIMEOUT_MS", "soon", /whole number/],
    ["LOG_LEVEL", "loud", /one of fatal, error, warn, info, debug, trace, silent/],
  ];

  it.each(cases)("refuses %s=%j, saying what it holds and what it should hold", (variable, value, shouldHold) => {
    const { problems } = configError({ [variable]: value });
    const message = problems.find((problem) => problem.startsWith(`${variable} is `)) ?? "";
    expect(message).not.toContain("\n");
    expect(message).toContain(JSON.stringify(value));
    expect(message).toMatch(/should be/);
    expect(message).toMatch(shouldHold);
  });
});

describe("loadConfig lists every problem in one go", () => {
  it("names each missing variable of a production start with nothing else set", () => {
    expect(configError({ NODE_ENV: "production" }).problems).toEqual([
      "BEPAID_API_URL is unset; in production it should be bePaid's URL (the embedded sandbox serves fake data)",
      "BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; in production they should be set (or GATEWAY_PASSTHROUGH=true)",
      "NODE_ENV is production but GATEWAY_TOKENS and GATEWAY_JWKS_URL are unset and GATEWAY_PASSTHROUGH is false; set one of them, or GATEWAY_ALLOW_ANONYMOUS=true to serve callers with no token on purpose",
    ]);
  });

  it("names each bad value, one line each, without echoing a secret", () => {
    const error = configError({
      ...PRODUCTION,
      BEPAID_API_URL: "http://api.bepaid.by",
      GATEWAY_TOKENS: "short-secret-token",
      PORT: "eighty",
      REDIS_URL: "ftp://user:hunter2@host",
      GATEWAY_JWKS_URL: "https://login.example.com/jwks",
      LOG_LEVEL: "loud",
    });
    expect(error.problems).toEqual([
      'BEPAID_API_URL is "http://api.bepaid.by"; it should be an https URL in production (http is allowed only for a loopback address)',
      "GATEWAY_TOKENS holds a token shorter than 32 characters; in production each should be at least 32 random characters",
      "GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE are unset; it should be set together with GATEWAY_JWKS_URL (all three or none)",
      "REDIS_URL is a value; it should be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0",
      'PORT is "eighty"; it should be a port number from 0 to 65535',
      'LOG_LEVEL is "loud"; it should be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(error.message).toBe(error.problems.join("\n"));
    expect(error.message).not.toContain("short-secret-token");
    expect(error.message).not.toContain("hunter2");
  });

  it("reports no consequence of a value it already refused", () => {
    // A pass-through flag that is not a boolean is one problem, not also "no way to authenticate callers".
    expect(configError({ NODE_ENV: "production", BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "yes" }).problems).toEqual([
      'GATEWAY_PASSTHROUGH is "yes"; it should be true or false',
    ]);
    // Half of the shop's credentials is one problem, not also "both are unset".
    expect(configError({ BEPAID_API_URL: REAL_API, BEPAID_SHOP_ID: "42" }).problems).toEqual([
      "BEPAID_SECRET_KEY is unset; it should be set together with BEPAID_SHOP_ID",
    ]);
  });
});

describe("loadConfig keeps its message to one line", () => {
  it("even when the bad value holds a line break", () => {
    const { message } = configError({ PORT: "80\n80" });
    expect(message).not.toContain("\n");
    expect(message).toContain("PORT");
  });
});

describe("loadConfig keeps secrets out of its messages", () => {
  const TOKEN = "tok-do-not-print";
  const SECRET = "key-do-not-print";

  it.each([
    ["a secret key with no shop id", { BEPAID_SECRET_KEY: SECRET }],
    ["tokens with no server-held credentials", { BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true", GATEWAY_TOKENS: TOKEN }],
    ["tokens with a secret key but a bad port", { BEPAID_SHOP_ID: "42", BEPAID_SECRET_KEY: SECRET, GATEWAY_TOKENS: TOKEN, PORT: "abc" }],
    ["a blank token list in production", { ...PRODUCTION, GATEWAY_TOKENS: ` , ${" "}` }],
    ["a short token in production", { ...PRODUCTION, GATEWAY_TOKENS: TOKEN }],
  ])("does not echo GATEWAY_TOKENS or BEPAID_SECRET_KEY when refusing %s", (_, env) => {
    const { message } = configError(env);
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(SECRET);
  });
});

describe("loadConfig credentials", () => {
  it("refuses a shop id without a secret key", () => {
    expect(configError({ BEPAID_SHOP_ID: "42" }).message).toMatch(/BEPAID_SECRET_KEY is unset/);
  });

  it("refuses a secret key without a shop id", () => {
    expect(configError({ BEPAID_SECRET_KEY: "s3cret" }).message).toMatch(/BEPAID_SHOP_ID is unset/);
  });

  it("refuses a real bePaid URL with no credentials and no pass-through", () => {
    const { message } = configError({ BEPAID_API_URL: REAL_API });
    expect(message).toContain("BEPAID_SHOP_ID");
    expect(message).toContain("BEPAID_SECRET_KEY");
    expect(message).not.toContain("\n");
  });

  it("accepts a real bePaid URL with pass-through alone", () => {
    expect(() => loadConfig({ BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true" }, SANDBOX_SHOP)).not.toThrow();
  });
});

describe("loadConfig in production", () => {
  it("refuses to start with no tokens and no pass-through", () => {
    const { message } = configError(PRODUCTION);
    expect(message).toContain("GATEWAY_TOKENS");
    expect(message).toContain("GATEWAY_ALLOW_ANONYMOUS");
    expect(message).not.toContain("\n");
  });

  it("starts with no tokens when GATEWAY_ALLOW_ANONYMOUS=true says so", () => {
    const config = loadConfig({ ...PRODUCTION, GATEWAY_ALLOW_ANONYMOUS: "true" }, SANDBOX_SHOP);
    expect(config.production).toBe(true);
    expect(config.callers.anonymous).toBe(true);
  });

  it("starts with tokens, and serves no anonymous callers", () => {
    const config = loadConfig({ ...PRODUCTION, GATEWAY_TOKENS: LONG_TOKEN }, SANDBOX_SHOP);
    expect(config.callers.anonymous).toBe(false);
  });

  it("refuses to start on the embedded sandbox: production needs BEPAID_API_URL", () => {
    const { message } = configError({ ...PRODUCTION, BEPAID_API_URL: "", GATEWAY_TOKENS: LONG_TOKEN });
    expect(message).toBe("BEPAID_API_URL is unset; in production it should be bePaid's URL (the embedded sandbox serves fake data)");
  });

  it("refuses a plain-http bePaid URL unless it is a loopback address", () => {
    expect(configError({ ...PRODUCTION, BEPAID_API_URL: "http://api.bepaid.by", GATEWAY_TOKENS: LONG_TOKEN }).message).toBe(
      'BEPAID_API_URL is "http://api.bepaid.by"; it should be an https URL in production (http is allowed only for a loopback address)',
    );
    for (const url of ["http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000"]) {
      expect(loadConfig({ ...PRODUCTION, BEPAID_API_URL: url, GATEWAY_TOKENS: LONG_TOKEN }).bepaid.apiUrl).toBe(url);
    }
    expect(loadConfig({ BEPAID_API_URL: "http://api.bepaid.by", BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "k" }).bepaid.apiUrl).toBe("http://api.bepaid.by");
  });

  it("refuses a static token shorter than 32 characters, and takes one of 32", () => {
    expect(configError({ ...PRODUCTION, GATEWAY_TOKENS: `${LONG_TOKEN},${LONG_TOKEN.slice(1)}` }).message).toBe(
      "GATEWAY_TOKENS holds a token shorter than 32 characters; in production each should be at least 32 random characters",
    );
    expect(loadConfig({ GATEWAY_TOKENS: "short" }, SANDBOX_SHOP).callers.tokens).toEqual(["short"]);
  });

  it.each(["prod", "Production", "staging"])("stops start-up for NODE_ENV=%s instead of meaning development", (value) => {
    expect(configError({ ...PRODUCTION, GATEWAY_TOKENS: LONG_TOKEN, NODE_ENV: value }).message).toBe(
      `NODE_ENV is "${value}"; it should be one of production, development, test`,
    );
  });

  it("checks the rest as production would when NODE_ENV is misspelt, so one run lists everything", () => {
    expect(configError({ NODE_ENV: "prod", GATEWAY_TOKENS: "short" }).problems).toEqual([
      'NODE_ENV is "prod"; it should be one of production, development, test',
      "BEPAID_API_URL is unset; in production it should be bePaid's URL (the embedded sandbox serves fake data)",
      "GATEWAY_TOKENS holds a token shorter than 32 characters; in production each should be at least 32 random characters",
      "BEPAID_SHOP_ID and BEPAID_SECRET_KEY are unset; in production they should be set (or GATEWAY_PASSTHROUGH=true)",
    ]);
  });

  it("starts with pass-through alone, and serves no anonymous callers", () => {
    const config = loadConfig(
      { NODE_ENV: "production", BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true" },
      SANDBOX_SHOP,
    );
    expect(config.callers.anonymous).toBe(false);
  });
});

describe("loadConfig CORS origins", () => {
  it("adds Apollo Sandbox's origins outside production only", () => {
    const env = { GATEWAY_CORS_ORIGINS: "https://app.example.com, http://localhost:3000" };
    expect(loadConfig(env, SANDBOX_SHOP).corsOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:3000",
      "https://sandbox.embed.apollographql.com",
      "https://studio.apollographql.com",
    ]);
    const production = { ...env, ...PRODUCTION, GATEWAY_TOKENS: LONG_TOKEN };
    expect(loadConfig(production, SANDBOX_SHOP).corsOrigins).toEqual(["https://app.example.com", "http://localhost:3000"]);
  });

  it.each(["https://app.example.com/", "app.example.com", "https://app.example.com/path"])(
    "refuses %s, which is no origin",
    (value) => {
      expect(() => loadConfig({ GATEWAY_CORS_ORIGINS: value }, SANDBOX_SHOP)).toThrow(/^GATEWAY_CORS_ORIGINS is ".*"; it should be comma-separated origins/);
    },
  );
});

describe("loadConfig callers", () => {
  it("serves anonymous callers in development when no tokens are set", () => {
    expect(loadConfig({ NODE_ENV: "development" }, SANDBOX_SHOP).callers.anonymous).toBe(true);
  });

  it("keeps serving anonymous callers in development when pass-through is on too", () => {
    const config = loadConfig({ GATEWAY_PASSTHROUGH: "true" }, SANDBOX_SHOP);
    expect(config.callers).toMatchObject({ tokens: [], passthrough: true, anonymous: true });
  });

  it("serves no anonymous callers in production with pass-through on unless allowed", () => {
    const env = { ...PRODUCTION, GATEWAY_PASSTHROUGH: "true" };
    expect(loadConfig(env, SANDBOX_SHOP).callers.anonymous).toBe(false);
    expect(loadConfig({ ...env, GATEWAY_ALLOW_ANONYMOUS: "true" }, SANDBOX_SHOP).callers.anonymous).toBe(true);
  });

  it("stops serving anonymous callers once tokens are set", () => {
    expect(loadConfig({ GATEWAY_TOKENS: "t1" }, SANDBOX_SHOP).callers.anonymous).toBe(false);
  });

  it("splits tokens on commas and trims them", () => {
    const config = loadConfig({ GATEWAY_TOKENS: " alpha , beta,,gamma ,  " }, SANDBOX_SHOP);
    expect(config.callers.tokens).toEqual(["alpha", "beta", "gamma"]);
  });
});

describe("loadConfig access tokens", () => {
  const JWT = {
    GATEWAY_JWKS_URL: "https://login.example.com/.well-known/jwks.json",
    GATEWAY_JWT_ISSUER: "https://login.example.com/",
    GATEWAY_JWT_AUDIENCE: "bepaid-gateway",
  };

  it("reads the key set's URL, the issuer and the audience", () => {
    expect(loadConfig(JWT, SANDBOX_SHOP).callers.accessTokens).toEqual({
      jwksUrl: new URL(JWT.GATEWAY_JWKS_URL),
      issuer: "https://login.example.com/",
      audience: "bepaid-gateway",
    });
  });

  it("serves no anonymous callers and ignores no bearer once access tokens are on", () => {
    expect(loadConfig(JWT, SANDBOX_SHOP).callers).toMatchObject({ anonymous: false, ignoreBearer: false });
  });

  it.each([
    ["GATEWAY_JWKS_URL", /^GATEWAY_JWKS_URL is unset; it should be set together with GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE/],
    ["GATEWAY_JWT_ISSUER", /^GATEWAY_JWT_ISSUER is unset; it should be set together with GATEWAY_JWKS_URL and GATEWAY_JWT_AUDIENCE/],
    ["GATEWAY_JWT_AUDIENCE", /^GATEWAY_JWT_AUDIENCE is unset/],
  ])("refuses the other two without %s", (missing, message) => {
    expect(configError({ ...JWT, [missing]: "" }).message).toMatch(message);
  });

  it("refuses a key set URL alone, naming both missing variables", () => {
    expect(configError({ GATEWAY_JWKS_URL: JWT.GATEWAY_JWKS_URL }).message).toMatch(/^GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE are unset/);
  });

  it.each(["not a url", "ftp://login.example.com/jwks"])("refuses a key set URL of %s", (value) => {
    expect(configError({ ...JWT, GATEWAY_JWKS_URL: value }).message).toMatch(/^GATEWAY_JWKS_URL is ".*"; it should be an http\(s\) URL/);
  });

  it("refuses a plain-http key set in production, unless it is on this machine", () => {
    const production = { ...JWT, ...PRODUCTION };
    expect(configError({ ...production, GATEWAY_JWKS_URL: "http://login.example.com/jwks" }).message).toMatch(
      /^GATEWAY_JWKS_URL is "http:\/\/login.example.com\/jwks"; it should be an https URL in production/,
    );
    for (const url of ["http://127.0.0.1:8080/jwks", "http://localhost/jwks", "http://[::1]:9/jwks"]) {
      expect(loadConfig({ ...production, GATEWAY_JWKS_URL: url }, SANDBOX_SHOP).callers.accessTokens?.jwksUrl.href).toBe(new URL(url).href);
    }
    expect(loadConfig({ ...JWT, GATEWAY_JWKS_URL: "http://login.example.com/jwks" }, SANDBOX_SHOP).callers.accessTokens).toBeDefined();
  });

  it("counts as a way to authenticate callers in production", () => {
    const config = loadConfig({ ...JWT, ...PRODUCTION }, SANDBOX_SHOP);
    expect(config.callers).toMatchObject({ anonymous: false, ignoreBearer: false, tokens: [] });
  });

  it("needs server-held credentials, which access-token callers use", () => {
    expect(configError({ ...JWT, BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true" }).message).toMatch(/^GATEWAY_JWKS_URL is set but BEPAID_SHOP_ID/);
  });

  it("can be combined with static tokens", () => {
    expect(loadConfig({ ...JWT, GATEWAY_TOKENS: "machine-token" }, SANDBOX_SHOP).callers).toMatchObject({ tokens: ["machine-token"], accessTokens: { audience: "bepaid-gateway" } });
  });
});

describe("loadConfig and a bearer in development", () => {
  it("ignores a bearer outside production when nothing could check it", () => {
    expect(loadConfig({ NODE_ENV: "development" }, SANDBOX_SHOP).callers.ignoreBearer).toBe(true);
    expect(loadConfig({ NODE_ENV: "test" }, SANDBOX_SHOP).callers.ignoreBearer).toBe(true);
  });

  it("keeps refusing it in production, even with anonymous callers allowed", () => {
    expect(loadConfig({ ...PRODUCTION, GATEWAY_ALLOW_ANONYMOUS: "true" }, SANDBOX_SHOP).callers.ignoreBearer).toBe(false);
  });

  it("has nothing to ignore it for with no server-held credentials (pass-through alone)", () => {
    expect(loadConfig({ BEPAID_API_URL: REAL_API, GATEWAY_PASSTHROUGH: "true" }, SANDBOX_SHOP).callers.ignoreBearer).toBe(false);
  });

  it("checks it once tokens are set", () => {
    expect(loadConfig({ GATEWAY_TOKENS: "t1" }, SANDBOX_SHOP).callers.ignoreBearer).toBe(false);
  });
});

describe("loadConfig trusted documents", () => {
  const production = { NODE_ENV: "production", BEPAID_API_URL: REAL_API, BEPAID_SHOP_ID: "1", BEPAID_SECRET_KEY: "k", GATEWAY_ALLOW_ANONYMOUS: "true" };

  it("has no manifest and runs any document by default", () => {
    expect(loadConfig({}, SANDBOX_SHOP).documents).toEqual({ manifests: [], only: false });
  });

  it("reads several manifests and, outside production, still runs other documents", () => {
    const config = loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: "web/a.json, admin/b.json" }, SANDBOX_SHOP);
    expect(config.documents).toEqual({ manifests: ["web/a.json", "admin/b.json"], only: false });
  });

  it("runs only manifest documents by default in production once a manifest is set", () => {
    expect(loadConfig({ ...production, GATEWAY_TRUSTED_DOCUMENTS: "web/a.json" }, SANDBOX_SHOP).documents.only).toBe(true);
    expect(loadConfig(production, SANDBOX_SHOP).documents.only).toBe(false);
  });

  it("lets GATEWAY_TRUSTED_DOCUMENTS_ONLY say otherwise either way", () => {
    expect(loadConfig({ ...production, GATEWAY_TRUSTED_DOCUMENTS: "a.json", GATEWAY_TRUSTED_DOCUMENTS_ONLY: "false" }, SANDBOX_SHOP).documents.only).toBe(false);
    expect(loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: "a.json", GATEWAY_TRUSTED_DOCUMENTS_ONLY: "true" }, SANDBOX_SHOP).documents.only).toBe(true);
  });

  it("refuses enforcement with no manifest to enforce", () => {
    expect(configError({ GATEWAY_TRUSTED_DOCUMENTS_ONLY: "true" }).message).toBe(
      "GATEWAY_TRUSTED_DOCUMENTS_ONLY is true but GATEWAY_TRUSTED_DOCUMENTS is unset; it should name the manifests of the documents allowed to run",
    );
  });

  it("refuses an enforcement flag that is not a boolean", () => {
    expect(configError({ GATEWAY_TRUSTED_DOCUMENTS_ONLY: "yes" }).message).toBe('GATEWAY_TRUSTED_DOCUMENTS_ONLY is "yes"; it should be true or false');
  });
});

describe("loadConfig: replicas, rate limits and federation", () => {
  it("keeps state in memory, limits no one and serves no subgraph when nothing is set", () => {
    const config = loadConfig({}, SANDBOX_SHOP);
    expect(config.redis).toBeUndefined();
    expect(config.rateLimit).toBeUndefined();
    expect(config.federation).toBe(false);
    // A create is never retried: the bePaid timeout plus margin covers one.
    expect(config.idempotencyLeaseMs).toBe(40_000);
  });

  it("reads REDIS_URL with its default prefix, GATEWAY_RATE_LIMIT, GATEWAY_FEDERATION and the lease", () => {
    const config = loadConfig(
      { REDIS_URL: "redis://127.0.0.1:6379/2", GATEWAY_RATE_LIMIT: "120", GATEWAY_FEDERATION: "true", GATEWAY_IDEMPOTENCY_LEASE_MS: "5000" },
      SANDBOX_SHOP,
    );
    expect(config.redis).toEqual({ url: "redis://127.0.0.1:6379/2", prefix: "bepaid-gw:" });
    expect(config.rateLimit).toBe(120);
    expect(config.federation).toBe(true);
    expect(config.idempotencyLeaseMs).toBe(5000);
    expect(loadConfig({ REDIS_URL: "rediss://cache.internal:6380", REDIS_PREFIX: "gw-eu:" }, SANDBOX_SHOP).redis?.prefix).toBe("gw-eu:");
  });

  it.each([
    [{ REDIS_URL: "http://127.0.0.1:6379" }, /^REDIS_URL is a value; it should be a redis:\/\/ or rediss:\/\/ URL/],
    [{ GATEWAY_RATE_LIMIT: "0" }, /^GATEWAY_RATE_LIMIT is "0"; it should be operations per caller per minute/],
    [{ GATEWAY_RATE_LIMIT: "lots" }, /^GATEWAY_RATE_LIMIT is "lots"/],
    [{ GATEWAY_FEDERATION: "yes" }, /^GATEWAY_FEDERATION is "yes"; it should be true or false/],
  ])("refuses %j, saying what it should hold", (env, message) => {
    expect(configError(env).message).toMatch(message);
  });

  it("does not echo a REDIS_URL, which may hold a password", () => {
    expect(configError({ REDIS_URL: "ftp://user:hunter2@host" }).message).not.toContain("hunter2");
  });
});
