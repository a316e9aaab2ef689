import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const SANDBOX_SHOP = { shopId: "361", secretKey: "sandbox-demo-secret" };
const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };

const tracing = (env: NodeJS.ProcessEnv) => loadConfig(env, SANDBOX_SHOP).tracing;

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, SANDBOX_SHOP);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw a ConfigError`);
}

describe("traces configuration (OTEL_*)", () => {
  it("is off when no OTLP endpoint is set, whatever else OTEL_* holds", () => {
    expect(tracing({})).toBeUndefined();
    expect(tracing({ OTEL_SERVICE_NAME: "shop-gateway", OTEL_TRACES_SAMPLER: "always_on", OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" })).toBeUndefined();
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).toBeUndefined();
  });

  it("is on with the specification's defaults once OTEL_EXPORTER_OTLP_ENDPOINT is set, sending to its /v1/traces", () => {
    expect(tracing(ENDPOINT)).toEqual({
      serviceName: "bepaid-graphql-gateway",
      resourceAttributes: {},
      url: "http://collector:4318/v1/traces",
      protocol: "http/protobuf",
      headers: {},
      sampler: "parentbased_always_on",
      samplerRatio: 1,
    });
    expect(tracing({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/otlp/" })?.url).toBe("https://otlp.example.com/otlp/v1/traces");
  });

  it("takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, before the base endpoint", () => {
    expect(tracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://tempo:4318/custom/traces" })?.url).toBe("http://tempo:4318/custom/traces");
    expect(tracing({ ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://tempo:4318/v1/traces" })?.url).toBe("http://tempo:4318/v1/traces");
  });

  it("stays off when the standard switches say so", () => {
    expect(tracing({ ...ENDPOINT, OTEL_SDK_DISABLED: "true" })).toBeUndefined();
    expect(tracing({ ...ENDPOINT, OTEL_TRACES_EXPORTER: "none" })).toBeUndefined();
    expect(tracing({ ...ENDPOINT, OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "false" })).toBeDefined();
  });

  it("takes the service name from OTEL_SERVICE_NAME, else from OTEL_RESOURCE_ATTRIBUTES, keeping the other attributes", () => {
    expect(tracing({ ...ENDPOINT, OTEL_RESOURCE_ATTRIBUTES: "service.name=from-resource,deployment.environment.name=prod%20eu" })).toMatchObject({
      serviceName: "from-resource",
      resourceAttributes: { "deployment.environment.name": "prod eu" },
    });
    expect(tracing({ ...ENDPOINT, OTEL_SERVICE_NAME: "shop-gateway", OTEL_RESOURCE_ATTRIBUTES: "service.name=from-resource" })?.serviceName).toBe("shop-gateway");
  });

  it("uses the traces protocol before the general one: http/protobuf or http/json", () => {
    expect(tracing({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" })?.protocol).toBe("http/json");
    expect(tracing({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" })?.protocol).toBe("http/protobuf");
  });

  it("merges the headers key by key, the traces ones winning, with values percent-decoded", () => {
    expect(
      tracing({ ...ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS: "x-honeycomb-team=abc%3D%3D, x-scope=all", OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-scope=traces" })?.headers,
    ).toEqual({ "x-honeycomb-team": "abc==", "x-scope": "traces" });
  });

  it("reads the sampler and, for the ratio samplers only, its ratio", () => {
    expect(tracing({ ...ENDPOINT, OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25" })).toMatchObject({
      sampler: "parentbased_traceidratio",
      samplerRatio: 0.25,
    });
    expect(tracing({ ...ENDPOINT, OTEL_TRACES_SAMPLER: "always_on", OTEL_TRACES_SAMPLER_ARG: "anything" })).toMatchObject({ sampler: "always_on", samplerRatio: 1 });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }, /^OTEL_EXPORTER_OTLP_ENDPOINT is "collector:4318"; it should be an http\(s\) URL/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "grpc://collector:4317" }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is "grpc:\/\/collector:4317"; it should be an http\(s\) URL/],
    [{ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, /^OTEL_EXPORTER_OTLP_PROTOCOL is "grpc"; it should be http\/protobuf or http\/json/],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: "jaeger_remote" }, /^OTEL_TRACES_SAMPLER is "jaeger_remote"; it should be one of always_on, always_off, traceidratio/],
    [{ ...ENDPOINT, OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "1.5" }, /^OTEL_TRACES_SAMPLER_ARG is "1.5"; it should be a ratio from 0 to 1/],
    [{ ...ENDPOINT, OTEL_TRACES_EXPORTER: "zipkin" }, /^OTEL_TRACES_EXPORTER is "zipkin"; it should be one of otlp, none/],
    [{ ...ENDPOINT, OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name" }, /^OTEL_RESOURCE_ATTRIBUTES is .*; it should be comma-separated key=value pairs/],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(configError(env)).toMatch(message);
  });

  it("never echoes the export headers, which hold a vendor's API key", () => {
    const message = configError({ ...ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS: "x-honeycomb-team=key-do-not-print%zz" });
    expect(message).toMatch(/^OTEL_EXPORTER_OTLP_HEADERS is a value; it should be/);
    expect(message).not.toContain("key-do-not-print");
  });
});
