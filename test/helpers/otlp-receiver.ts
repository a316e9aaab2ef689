import { createRequire } from "node:module";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * The OTLP protobuf definitions as protobufjs code, from @opentelemetry/otlp-transformer 0.57
 * (the last line that ships them; later ones only encode): decoding with the published
 * definitions, not a decoder of our own, is what makes a wrong encoding visible.
 */
const otlp = createRequire(import.meta.url)("@opentelemetry/otlp-transformer/build/src/generated/root.js") as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtobufType } } } } };
};
interface ProtobufType {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: { longs: StringConstructor; enums: NumberConstructor; defaults: boolean }): unknown;
}
const ExportTraceServiceRequest = otlp.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** An attribute value as OTLP carries it (`AnyValue`), made plain. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** One exported span, the same whichever protocol carried it. */
export interface ReceivedSpan {
  /** Hex, as W3C `traceparent` writes it. */
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  traceState: string;
  name: string;
  /** OTLP's `SpanKind`: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  events: Array<{ name: string; attributes: Record<string, AttributeValue> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, AttributeValue> }>;
  /** OTLP's `StatusCode`: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  /** Nanoseconds since the epoch. */
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  resource: Record<string, AttributeValue>;
  scope: string;
  /** How the span arrived. */
  protocol: "http/json" | "http/protobuf";
}

/** One export request as it arrived. */
export interface ReceivedExport {
  protocol: "http/json" | "http/protobuf";
  headers: IncomingMessage["headers"];
}

/** An OTLP/HTTP traces endpoint of the test's own, on loopback. */
export interface OtlpReceiver {
  /** The base endpoint, for `OTEL_EXPORTER_OTLP_ENDPOINT` (the exporter adds `/v1/traces`). */
  readonly endpoint: string;
  /** Every span received so far, in arrival order. */
  readonly spans: ReceivedSpan[];
  /** Every export request received so far. */
  readonly exports: ReceivedExport[];
  /** Resolves to the spans of `traceId` once `done` holds for them; rejects, listing what came, after 10 s. */
  waitForTrace(traceId: string, done: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]>;
  /** Forgets what was received. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Starts an OTLP/HTTP receiver: `POST /v1/traces` with `application/x-protobuf` or
 * `application/json` (gzipped or not), answered as a collector answers a full success.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const exports: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const protobuf = request.headers["content-type"] === "application/x-protobuf";
      const isJson = request.headers["content-type"]?.startsWith("application/json") ?? false;
      if (request.method !== "POST" || request.url !== "/v1/traces" || (!protobuf && !isJson)) {
        return void response.writeHead(404).end();
      }
      let body = Buffer.concat(chunks);
      if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const protocol = protobuf ? "http/protobuf" : "http/json";
      exports.push({ protocol, headers: request.headers });
      spans.push(...(protobuf ? fromProtobuf(body) : fromJson(body)));
      // An empty ExportTraceServiceResponse: full success.
      if (protobuf) response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      else response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    exports,
    async waitForTrace(traceId, done) {
      const ofTrace = () => spans.filter((span) => span.traceId === traceId);
      for (let waited = 0; waited < 10_000; waited += 20) {
        if (done(ofTrace())) return ofTrace();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`trace ${traceId} did not arrive whole; received: ${JSON.stringify(spans.map(({ traceId: t, name }) => `${t} ${name}`))}`);
    },
    clear() {
      spans.length = 0;
      exports.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** OTLP/JSON: ids in hex, 64-bit integers as numbers or strings, enums as numbers (the OTLP/JSON rules). */
function fromJson(body: Buffer): ReceivedSpan[] {
  return toSpans(JSON.parse(body.toString("utf8")) as OtlpRequest, "http/json", (id) => (typeof id === "string" ? id : ""));
}

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  const message = ExportTraceServiceRequest.decode(body);
  const request = ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number, defaults: false }) as OtlpRequest;
  return toSpans(request, "http/protobuf", (id) => (id ? Buffer.from(id as Uint8Array).toString("hex") : ""));
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: unknown;
}
type OtlpId = string | Uint8Array | undefined;
interface OtlpSpan {
  traceId: OtlpId;
  spanId: OtlpId;
  parentSpanId?: OtlpId;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  events?: Array<{ name: string; attributes?: OtlpKeyValue[] }>;
  links?: Array<{ traceId: OtlpId; spanId: OtlpId; attributes?: OtlpKeyValue[] }>;
  status?: { code?: number; message?: string };
}
interface OtlpRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: OtlpSpan[] }>;
  }>;
}

function toSpans(request: OtlpRequest, protocol: ReceivedSpan["protocol"], hex: (id: OtlpId) => string): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) =>
    (scopeSpans ?? []).flatMap(({ scope, spans }) =>
      (spans ?? []).map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId) || undefined,
        traceState: span.traceState ?? "",
        name: span.name,
        kind: span.kind ?? 0,
        attributes: plain(span.attributes),
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: plain(event.attributes) })),
        links: (span.links ?? []).map((link) => ({ traceId: hex(link.traceId), spanId: hex(link.spanId), attributes: plain(link.attributes) })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? "" },
        startTimeUnixNano: BigInt(span.startTimeUnixNano),
        endTimeUnixNano: BigInt(span.endTimeUnixNano),
        resource: plain(resource?.attributes),
        scope: scope?.name ?? "",
        protocol,
      })),
    ),
  );
}

function plain(attributes: OtlpKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAnyValue | undefined): AttributeValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue !== undefined) return plain(value.kvlistValue.values);
  return null;
}
