/**
 * `npm run soak [-- --seconds 60 --workers 32]`: a bounded soak of the gateway, loopback only.
 * Starts the bePaid sandbox in this process and the gateway as a child (`node --import tsx
 * src/main.ts`), drives a mix of operations while the sandbox misbehaves in bursts (5xx, 429,
 * hangs, resets, HTML pages, truncated JSON, lost create answers), then reports requests,
 * errors by code, lost requests and the gateway's memory, and stops it with SIGTERM.
 * Exits 1 when a request was lost, an answer broke the contract, or the gateway crashed or did
 * not exit cleanly; 130 when interrupted.
 */
import { parseArgs } from "node:util";
import { DEMO_SHOP } from "../src/sandbox/demo-shop.js";
import { createSandbox } from "../src/sandbox/sandbox.js";
import { startFaultSchedule } from "./soak/fault-schedule.js";
import { type GatewayProcess, startGateway } from "./soak/soaked-gateway.js";
import { diagnoseStuck, memorySnapshot, readMetrics, sumBy, watchBreaker } from "./soak/gateway-stats.js";
import { createTally, runWorkers } from "./soak/load.js";
import { createOperationMix } from "./soak/operations.js";
import { formatReport, judge, type SoakResult } from "./soak/report.js";

const { values: args } = parseArgs({
  options: { seconds: { type: "string", default: "60" }, workers: { type: "string", default: "32" } },
});
const seconds = Number(args.seconds);
const workers = Number(args.workers);
if (!(Number.isInteger(seconds) && seconds >= 10) || !(Number.isInteger(workers) && workers >= 1)) {
  console.error(`--seconds must be a whole number >= 10 (got ${args.seconds}), --workers >= 1 (got ${args.workers})`);
  process.exit(2);
}
// The run's shape: warm up before the first memory sample, fault in between, end quiet so the
// breaker closes and the last memory sample is not taken mid-burst.
const WARM_UP_MS = 3_000;
const QUIET_TAIL_MS = 5_000;
const BURST_EVERY_MS = 3_000;
const BURST_LASTS_MS = 1_000;
const SAMPLE_EVERY_MS = 5_000;
const TOKEN = "soak-token-0123456789abcdef012345";

const sandbox = createSandbox();
let gateway: GatewayProcess | undefined;
let interrupted = false;
let interruptedAt = 0;
// However this process ends, the gateway must not outlive it.
process.on("exit", () => gateway?.kill());
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // One Ctrl-C arrives several times (npm and tsx relay it to a process that got it already):
    // only a second one a moment later means "give up on the report".
    if (interrupted && performance.now() - interruptedAt > 1_000) process.exit(130);
    if (interrupted) return;
    interrupted = true;
    interruptedAt = performance.now();
    console.error(`\n${signal}: stopping the load, then the gateway (again to quit at once)`);
  });
}

// Times in the report count from the first request, not from the gateway's start-up.
let loadStarted = performance.now();
const elapsedS = () => (performance.now() - loadStarted) / 1000;
const stopped = () => interrupted || gateway?.exit !== undefined;
/** Waits `ms`, or less if the run is interrupted or the gateway died. */
const pause = async (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until && !stopped()) await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - performance.now())));
};

let result: SoakResult | undefined;
try {
  const bepaidUrl = await sandbox.listen(0, "127.0.0.1");
  gateway = await startGateway({
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    BEPAID_API_URL: bepaidUrl,
    BEPAID_SHOP_ID: DEMO_SHOP.shopId,
    BEPAID_SECRET_KEY: DEMO_SHOP.secretKey,
    GATEWAY_TOKENS: TOKEN,
    // Short enough that hangs cost under two seconds per read, long enough for the 300 ms delays.
    BEPAID_TIMEOUT_MS: "500",
    BEPAID_RETRIES: "2",
    BEPAID_BREAKER_FAILURES: "5",
    // Shorter than the gap between bursts, so every opening can close before the next burst.
    BEPAID_BREAKER_COOLDOWN_MS: "1000",
    GATEWAY_SHUTDOWN_TIMEOUT_MS: "5000",
  });
  const { pid, baseUrl, metricsUrl } = gateway;
  console.error(`soak: sandbox ${bepaidUrl}, gateway pid ${pid} at ${baseUrl}/graphql; ${seconds} s, ${workers} workers`);

  const tally = createTally();
  const mix = createOperationMix({ keyPool: 200, createsPerSecond: 10 });
  let loading = true;
  loadStarted = performance.now();
  const loadStartedAt = Date.now();
  const load = runWorkers({ url: `${baseUrl}/graphql`, token: TOKEN, workers, clientTimeoutMs: 30_000, next: mix.next, running: () => loading && !stopped(), tally });

  await pause(WARM_UP_MS);
  const memory = [await memorySnapshot(pid, metricsUrl, elapsedS())];
  const sampler = setInterval(() => void memorySnapshot(pid, metricsUrl, elapsedS()).then((m) => memory.push(m), () => {}), SAMPLE_EVERY_MS);
  const breaker = watchBreaker(metricsUrl, 200);
  const schedule = startFaultSchedule(sandbox, BURST_EVERY_MS, BURST_LASTS_MS);
  await pause(seconds * 1000 - WARM_UP_MS - QUIET_TAIL_MS);
  schedule.stop();
  await pause(QUIET_TAIL_MS);
  loading = false;
  await load;
  const loadSeconds = elapsedS();
  clearInterval(sampler);
  breaker.stop();

  const crash = gateway.exit;
  let finalProbe = "not run: the gateway is gone";
  const end: Partial<SoakResult> = {};
  if (!crash) {
    const metrics = await readMetrics(metricsUrl);
    end.gatewayCounted = [...sumBy(metrics, "gateway_operations_total", "outcome").values()].reduce((a, b) => a + b, 0);
    end.bepaidCalls = sumBy(metrics, "bepaid_calls_total", "status");
    end.retries = [...sumBy(metrics, "bepaid_retries_total", "endpoint").values()].reduce((a, b) => a + b, 0);
    end.breakerAtEnd = ["closed", "half-open", "open"][metrics.get("bepaid_circuit_state") ?? -1] ?? "unknown";
    // Lets in-flight timers and sockets of the last requests wind down before the end sample.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    memory.push(await memorySnapshot(pid, metricsUrl, elapsedS()));
    finalProbe = await probe(`${baseUrl}/graphql`);
  }
  // A gateway still there after 3 s of its 5 s drain is worth a look before it is killed.
  let stuck: string | undefined;
  const slow = setTimeout(() => void diagnoseStuck(pid, baseUrl, bepaidUrl).then((text) => (stuck = text), () => {}), 3_000);
  const shutdown = crash ? undefined : await gateway.stop(15_000);
  clearTimeout(slow);
  result = {
    seconds, workers, pid, loadStartedAt, loadSeconds, tally, replayMismatches: mix.replayMismatches, injected: schedule.injected,
    log: gateway.log, breakerPolled: breaker.seen, breakerAtEnd: end.breakerAtEnd ?? "unknown",
    bepaidCalls: end.bepaidCalls ?? new Map(), retries: end.retries ?? 0, gatewayCounted: end.gatewayCounted ?? 0,
    memory, finalProbe, crash, shutdown, stuck, interrupted,
  };
  console.log(formatReport(result));
} catch (error) {
  console.error("soak: failed to run:", error);
} finally {
  if (gateway && !gateway.exit) await gateway.stop(5_000);
  await sandbox.close();
}
process.exitCode = interrupted ? 130 : result && judge(result).failures.length === 0 ? 0 : 1;

/** One plain read once the storm is over: the gateway must be fully back. */
async function probe(url: string): Promise<string> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: '{ customer(id: "cst_5ca4fab9dfc7fcbf") { firstName } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const answer = JSON.parse(text) as { data?: { customer?: { firstName?: string } }; errors?: unknown };
    return response.status === 200 && !answer.errors && answer.data?.customer?.firstName === "John" ? "ok" : `HTTP ${response.status}: ${text.slice(0, 200)}`;
  } catch (error) {
    return `no answer: ${(error as Error).message}`;
  }
}
