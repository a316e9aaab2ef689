import type { GraphQLResponse, Operation } from "./response-checks.js";

/** What one operation name got, for the per-operation lines of the report. */
export interface OperationCount {
  sent: number;
  /** Answered with no GraphQL error. */
  ok: number;
  /** Answered with at least one GraphQL error. */
  failed: number;
  lost: number;
}

/** Everything counted about the requests the soak sent. */
export interface Tally {
  sent: number;
  /** HTTP answers whose body parsed as a GraphQL response (`data` or `errors`). */
  answered: number;
  /** Sent, and no HTTP answer came at all: a socket error or the client timeout. Must stay 0. */
  lost: number;
  /** An HTTP answer whose body is not a GraphQL response. */
  unparseable: number;
  /** Answers with no `x-request-id` header. */
  missingRequestId: number;
  /** Answers that parsed but say something the contract rules out (see the operations' checks). */
  wrong: number;
  /** `extensions.code` of every error answered, counted per error. */
  codes: Map<string, number>;
  /** UPSTREAM_UNAVAILABLE errors by why: bePaid's status, the breaker, the concurrency cap, the network. */
  unavailable: Map<string, number>;
  statuses: Map<number, number>;
  operations: Map<string, OperationCount>;
  /** Milliseconds from send to the whole body read, of answered requests. */
  latencies: number[];
  /** The first few lost, unparseable and wrong requests, for the report. */
  samples: string[];
}

/** An empty tally. */
export function createTally(): Tally {
  return { sent: 0, answered: 0, lost: 0, unparseable: 0, missingRequestId: 0, wrong: 0, codes: new Map(), unavailable: new Map(), statuses: new Map(), operations: new Map(), latencies: [], samples: [] };
}

/** Settings of {@link runWorkers}. */
export interface LoadOptions {
  /** The gateway's `/graphql` URL. */
  url: string;
  /** The bearer token every operation sends unless it brings its own `authorization`. */
  token: string;
  workers: number;
  /** How long a request may go unanswered before it counts as lost. */
  clientTimeoutMs: number;
  next(): Operation;
  /** Workers send while this holds, and finish the request they have in flight. */
  running(): boolean;
  tally: Tally;
}

/** Runs `workers` loops, each sending one operation after another; resolves when all stopped. */
export async function runWorkers(options: LoadOptions): Promise<void> {
  const worker = async () => {
    while (options.running()) await send(options, options.next());
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
}

async function send({ url, token, clientTimeoutMs, tally }: LoadOptions, operation: Operation): Promise<void> {
  const count = tally.operations.get(operation.name) ?? { sent: 0, ok: 0, failed: 0, lost: 0 };
  tally.operations.set(operation.name, count);
  const sample = (text: string) => tally.samples.length < 12 && tally.samples.push(`${operation.name}: ${text}`);
  tally.sent += 1;
  count.sent += 1;
  const started = performance.now();
  let status: number;
  let requestId: string | null;
  let text: string;
  try {
    // Global fetch keeps connections alive, as a frontend's would.
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...operation.headers },
      body: JSON.stringify(operation.body),
      signal: AbortSignal.timeout(clientTimeoutMs),
    });
    status = response.status;
    requestId = response.headers.get("x-request-id");
    text = await response.text();
  } catch (error) {
    tally.lost += 1;
    count.lost += 1;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    sample(`LOST after ${Math.round(performance.now() - started)} ms: ${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause.code ?? ""} ${cause.message ?? ""})` : ""}`);
    return;
  }
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  if (!requestId) {
    tally.missingRequestId += 1;
    sample(`HTTP ${status} without x-request-id`);
  }
  let answer: GraphQLResponse;
  try {
    answer = JSON.parse(text) as GraphQLResponse;
    if (typeof answer !== "object" || answer === null || !("data" in answer || "errors" in answer)) throw new Error("no data, no errors");
  } catch {
    tally.unparseable += 1;
    sample(`HTTP ${status} with a body that is no GraphQL response: ${text.slice(0, 120)}`);
    return;
  }
  tally.answered += 1;
  tally.latencies.push(performance.now() - started);
  if (answer.errors?.length) count.failed += 1;
  else count.ok += 1;
  for (const error of answer.errors ?? []) {
    const code = String(error.extensions?.code ?? "NO_CODE");
    tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
    if (code === "UPSTREAM_UNAVAILABLE") {
      const why = unavailableBecause(error);
      tally.unavailable.set(why, (tally.unavailable.get(why) ?? 0) + 1);
    }
  }
  const wrong = operation.check?.(answer, status);
  if (wrong !== undefined) {
    tally.wrong += 1;
    sample(`WRONG (HTTP ${status}, request ${requestId}): ${wrong}; body ${text.slice(0, 200)}`);
  }
}

// The gateway's messages are the only place the cause shows; this reads them for the report only.
function unavailableBecause(error: NonNullable<GraphQLResponse["errors"]>[number]): string {
  const status = (error.extensions as { upstreamStatus?: unknown } | undefined)?.upstreamStatus;
  if (status !== undefined) return `HTTP ${String(status)}`;
  if (/giving it a few seconds/.test(error.message ?? "")) return "breaker open";
  if (/too many bePaid calls/.test(error.message ?? "")) return "overloaded";
  if (/could not be reached/.test(error.message ?? "")) return "unreachable";
  return "other";
}
