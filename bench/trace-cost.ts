/**
 * `node bench/.build/trace-cost.js` (after `npm run build` and `npx tsc -p bench/tsconfig.json`):
 * the CPU that traces add to one operation, measured on the production build's own tracing
 * (`dist/`) with nothing else around it: per operation, a request trace continuing a sampled
 * `traceparent`, its operation span and one bePaid attempt (Q1's three spans), exported over
 * OTLP/HTTP protobuf to `otlp-sink.js` in a process of its own. Measured as the process's CPU
 * time over 30,000 operations, 50 at a time with the event loop let run between batches (so the
 * batch processor's timer and the exporter's sockets do their work inside the measurement), in 7
 * rounds alternated with the same loop doing no tracing, medians of both. A figure that machine
 * load moves far less than a server's throughput, to put beside `cpu-per-op.sh Q1 dist dist:otel`.
 */
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { createChildren } from "./children.js";
import { median } from "./results.js";

const OPERATIONS = 30_000;
const IN_FLIGHT = 50;
const ROUNDS = 7;

/** What this uses of the build's `src/observability/tracing-sdk.ts` (outside this folder's compilation). */
interface TracingSdk {
  createOpenTelemetryTracing(config: object, options: { logger: unknown; bepaidUrl: string }): Promise<{
    /** Reads a request's method, URL and headers only. */
    startRequest(request: { method: string; url: string; headers: Record<string, string> }): {
      operationStarted(type: string, name: string | undefined): void;
      operationEnded(code: undefined): void;
      call(call: { method: "GET" | "POST"; endpoint: string }): { attempt(send: () => Promise<Response>): Promise<Response>; end(error?: unknown): void };
      end(status: number, code: undefined): void;
    };
    shutdown(): Promise<void>;
  }>;
}

// This file runs from bench/.build/, two levels below the project root.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { createOpenTelemetryTracing } = (await import(join(root, "dist/observability/tracing-sdk.js"))) as TracingSdk;

const children = createChildren(root);
process.on("exit", () => children.killAll());
const { origin: sinkOrigin } = await children.startServer("otlp-sink", ["bench/.build/otlp-sink.js"], {});
const tracing = await createOpenTelemetryTracing(
  {
    serviceName: "bepaid-graphql-gateway",
    resourceAttributes: {},
    url: `${sinkOrigin}/v1/traces`,
    protocol: "http/protobuf",
    headers: {},
    sampler: "always_on",
    samplerRatio: 1,
  },
  { logger: pino({ level: "silent" }), bepaidUrl: "http://127.0.0.1:1" },
);

const request = { method: "POST", url: "/graphql", headers: { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } };
const call = { method: "GET", endpoint: "/customers/:id" } as const;
const answered = Promise.resolve(new Response(null, { status: 200 }));
const send = () => answered;

/** One Q1 operation's tracing: request, operation, one bePaid attempt. */
async function traced(): Promise<void> {
  const trace = tracing.startRequest(request);
  trace.operationStarted("query", "Customer");
  const bepaid = trace.call(call);
  await bepaid.attempt(send);
  bepaid.end();
  trace.operationEnded(undefined);
  trace.end(200, undefined);
}

/** The same loop with nothing traced: what the loop itself costs. */
async function untraced(): Promise<void> {
  await send();
}

/** CPU µs per operation of `operation`, `OPERATIONS` times, `IN_FLIGHT` at a time. */
async function cpuPerOperation(operation: () => Promise<void>): Promise<number> {
  const started = process.cpuUsage();
  for (let done = 0; done < OPERATIONS; done += IN_FLIGHT) {
    await Promise.all(Array.from({ length: IN_FLIGHT }, operation));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { user, system } = process.cpuUsage(started);
  return (user + system) / OPERATIONS;
}

await cpuPerOperation(traced);
await cpuPerOperation(untraced);
const rounds = { traced: [] as number[], untraced: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  rounds.traced.push(await cpuPerOperation(traced));
  rounds.untraced.push(await cpuPerOperation(untraced));
}
await tracing.shutdown();
await children.stopAll();
const cost = median(rounds.traced) - median(rounds.untraced);
console.log(
  `tracing costs ${cost.toFixed(1)} µs of CPU per Q1 operation (traced ${median(rounds.traced).toFixed(1)}, loop alone ${median(rounds.untraced).toFixed(1)}; rounds ${rounds.traced.map((value) => value.toFixed(1)).join(" ")}); load average ${loadavg()[0]!.toFixed(2)}`,
);
