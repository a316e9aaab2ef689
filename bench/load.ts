/**
 * The load generator, in its own process so it never shares an event loop with a server:
 * `node bench/.build/load.js` reads one {@link LoadJob} per line on stdin, runs autocannon, and
 * writes one {@link LoadResult} per line on stdout. One process serves the whole benchmark,
 * which saves a Node start-up per run.
 */
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import type { Target } from "./queries.js";

/** One timed run at a fixed number of connections, pipelining 1. */
export interface LoadJob {
  /** The server's origin, e.g. `http://127.0.0.1:4100`. */
  origin: string;
  target: Target;
  connections: number;
  durationS: number;
}

/** What one run measured. Latencies are exact (every response's time), not histogram buckets. */
export interface LoadResult {
  durationS: number;
  /** Requests written, answered or not: what the upstream counter is divided by. */
  sent: number;
  /** Answers that were 2xx and passed the body check. */
  ok: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts, non-2xx answers, and bodies that failed the check. */
  errors: number;
}

const isGraphQLData = (body: string) => body.startsWith('{"data":') && !body.includes('"errors"');

/**
 * With `uniqueIdempotencyKey`, the one request as autocannon's `requests` form, given a fresh
 * key before every send (a run prefix and a counter: unique, and cheap for the load generator).
 */
function withUniqueKey(target: Target, headers: Record<string, string>): Pick<autocannon.Options, "requests"> {
  if (!target.uniqueIdempotencyKey) return {};
  const prefix = randomUUID();
  let sent = 0;
  return {
    requests: [
      {
        method: target.method,
        path: target.path,
        headers,
        body: target.body,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, "idempotency-key": `${prefix}-${sent++}` } }),
      },
    ],
  };
}

function run(job: LoadJob): Promise<LoadResult> {
  let times = new Float64Array(1 << 16);
  let count = 0;
  const headers: Record<string, string> = { ...(job.target.body === undefined ? {} : { "content-type": "application/json" }), ...job.target.headers };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.origin + job.target.path,
        method: job.target.method,
        headers,
        body: job.target.body,
        ...withUniqueKey(job.target, headers),
        connections: job.connections,
        pipelining: 1,
        duration: job.durationS,
        // autocannon ends a run on the first sample after `duration`: sample often, so runs last what they say.
        sampleInt: 100,
        verifyBody: job.target.verify === "graphql" ? isGraphQLData : undefined,
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = times.subarray(0, count).sort();
        const ok = result["2xx"] - result.mismatches;
        resolve({
          durationS: result.duration,
          sent: result.requests.sent,
          ok,
          rps: ok / result.duration,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          errors: result.errors + result.non2xx + result.mismatches,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[count++] = responseTimeMs;
    });
  });
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
function percentile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

// Jobs run one at a time, in the order they come: the orchestrator waits for each answer.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on("line", (line) => {
  queue = queue.then(async () => {
    const result = await run(JSON.parse(line) as LoadJob).catch((error: unknown) => ({ failed: String(error) }));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
});
