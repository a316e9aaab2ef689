import { type TextMapPropagator, type Tracer } from "@opentelemetry/api";
import { setGlobalErrorHandler, W3CTraceContextPropagator } from "@opentelemetry/core";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { TracingConfig } from "../config.js";
import type { GatewayLogger } from "../logger.js";
import { OpenTelemetryRequestTrace } from "./request-trace.js";
import type { Tracing, TracingOptions } from "./tracing.js";

/**
 * How long a shutdown waits for the last spans to reach the collector: an unreachable one must
 * not hold a stopping replica for the exporter's own timeouts (30 s for a batch).
 */
const FLUSH_TIMEOUT_MS = 5_000;

/** A failing collector is logged once, then at most once a minute with how many failures followed. */
const EXPORT_FAILURE_QUIET_MS = 60_000;

/** What every request trace of a process shares. */
export interface TraceDependencies {
  tracer: Tracer;
  propagator: TextMapPropagator;
  /** bePaid's host and port, for `server.address` and `server.port` of every client span. */
  bepaid: { address: string; port: number };
}

/**
 * The OpenTelemetry JS SDK as `config` describes it: a tracer provider with the configured
 * sampler and resource, a batch span processor, and the OTLP/HTTP exporter of the configured
 * protocol (the other one is never loaded). URL, protocol, headers, sampler and service name
 * come from `config`; the SDK reads its own tuning variables as it documents them
 * (`OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_*TIMEOUT`, `*_COMPRESSION`, `*_CERTIFICATE`,
 * `OTEL_SPAN_*_LIMIT`), which decide how spans travel, not whether or where.
 */
export async function createOpenTelemetryTracing(config: TracingConfig, { logger, bepaidUrl }: TracingOptions): Promise<Tracing> {
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName })),
    sampler: createSampler(config),
    spanProcessors: [new BatchSpanProcessor(await createExporter(config))],
  });
  // The SDK reports failed exports here (it is process-wide: the last gateway started owns it).
  setGlobalErrorHandler(exportFailureLog(logger));
  const dependencies: TraceDependencies = {
    tracer: provider.getTracer("bepaid-graphql-gateway"),
    propagator: new W3CTraceContextPropagator(),
    bepaid: serverOf(bepaidUrl),
  };
  const endpoint = new URL(config.url);
  logger.info(
    { endpoint: `${endpoint.origin}${endpoint.pathname}`, protocol: config.protocol, sampler: config.sampler, serviceName: config.serviceName },
    "traces are exported over OTLP",
  );
  return {
    startRequest: (request) => new OpenTelemetryRequestTrace(request, dependencies),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_TIMEOUT_MS).unref()));
      await Promise.race([provider.shutdown().catch((error: unknown) => logger.warn({ reason: messageOf(error) }, "traces could not be flushed")), timeout]);
      clearTimeout(timer);
    },
  };
}

/** The exporter of the configured protocol, loaded alone. */
async function createExporter({ protocol, url, headers }: TracingConfig): Promise<SpanExporter> {
  const { OTLPTraceExporter } =
    protocol === "http/json" ? await import("@opentelemetry/exporter-trace-otlp-http") : await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter({ url, headers: { ...headers } });
}

/** The specification's built-in samplers, by their `OTEL_TRACES_SAMPLER` names. */
function createSampler({ sampler, samplerRatio }: TracingConfig): Sampler {
  switch (sampler) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(samplerRatio);
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(samplerRatio) });
  }
}

/** bePaid's host (an IPv6 address without brackets, as `server.address` wants it) and port. */
function serverOf(baseUrl: string): TraceDependencies["bepaid"] {
  const url = new URL(baseUrl);
  return { address: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port) || (url.protocol === "https:" ? 443 : 80) };
}

function exportFailureLog(logger: GatewayLogger): (error: unknown) => void {
  let quietUntil = 0;
  let since = 0;
  return (error) => {
    const now = Date.now();
    if (now < quietUntil) return void (since += 1);
    logger.warn({ reason: messageOf(error), failuresSinceLastLine: since }, "traces could not be exported");
    since = 0;
    quietUntil = now + EXPORT_FAILURE_QUIET_MS;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
