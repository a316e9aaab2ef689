import { describeExit, type Exit, type GatewayLog } from "./soaked-gateway.js";
import type { MemorySnapshot } from "./gateway-stats.js";
import type { Tally } from "./load.js";

/** Everything a soak run found, for {@link judge} and {@link formatReport}. */
export interface SoakResult {
  seconds: number;
  workers: number;
  pid: number;
  /** Epoch ms of the first request: the zero of the report's times. */
  loadStartedAt: number;
  loadSeconds: number;
  tally: Tally;
  replayMismatches: number;
  injected: ReadonlyMap<string, number>;
  log: GatewayLog;
  /** States `/metrics` showed while polled, each change once. */
  breakerPolled: readonly string[];
  /** `bepaid_circuit_state` once the load stopped. */
  breakerAtEnd: string;
  /** bePaid calls by status (or error), and retries, from the gateway's metrics. */
  bepaidCalls: ReadonlyMap<string, number>;
  retries: number;
  /** `/graphql` requests the gateway counted (`gateway_operations_total`) when the load stopped. */
  gatewayCounted: number;
  memory: MemorySnapshot[];
  /** The last check after the load: a plain read answered with no error. */
  finalProbe: string;
  /** Set when the gateway exited on its own, before the soak stopped it. */
  crash?: Exit;
  shutdown?: Exit & { ms: number; killed: boolean };
  /** What the gateway was doing 3 s after SIGTERM, when it had not exited by then. */
  stuck?: string;
  interrupted: boolean;
}

/** What makes the run fail (exit 1), and what only deserves a look. */
export function judge(r: SoakResult): { failures: string[]; warnings: string[] } {
  const failures: string[] = [];
  const warnings: string[] = [];
  const { tally } = r;
  if (tally.lost > 0) failures.push(`${tally.lost} request(s) lost`);
  if (tally.unparseable > 0) failures.push(`${tally.unparseable} answer(s) were not GraphQL responses`);
  if (tally.missingRequestId > 0) failures.push(`${tally.missingRequestId} answer(s) had no x-request-id`);
  if (tally.wrong > 0) failures.push(`${tally.wrong} answer(s) broke the contract (see samples)`);
  if (r.replayMismatches > 0) failures.push(`${r.replayMismatches} idempotent replay(s) answered another customer`);
  if (r.crash) failures.push(`the gateway died during the soak (${describeExit(r.crash)})`);
  if (r.shutdown && (r.shutdown.code !== 0 || r.shutdown.killed)) failures.push(`SIGTERM did not end the gateway cleanly (${describeExit(r.shutdown)}${r.shutdown.killed ? ", killed after the grace period" : ""})`);
  if (r.finalProbe !== "ok") failures.push(`the read after the soak failed: ${r.finalProbe}`);
  if (!r.interrupted && !r.crash && !r.log.breaker.some((change) => change.state === "open")) failures.push("the faults never opened the circuit breaker: the soak did not test what it claims");
  if (!r.interrupted && !r.crash && r.breakerAtEnd !== "closed") failures.push(`the breaker is ${r.breakerAtEnd} after the quiet tail, not closed`);
  const [start, end] = [r.memory[0], r.memory.at(-1)];
  if (start && end && end !== start) {
    if (end.heapUsedMb - start.heapUsedMb > Math.max(20, start.heapUsedMb * 0.5)) warnings.push(`heap grew ${fmt(end.heapUsedMb - start.heapUsedMb)} MB`);
    if (end.openFds - start.openFds > 20) warnings.push(`open fds grew by ${end.openFds - start.openFds}`);
  }
  const errors = (r.log.levels.get("error") ?? 0) + (r.log.levels.get("fatal") ?? 0) + (r.log.levels.get("stderr") ?? 0);
  if (errors > 0) warnings.push(`the gateway logged ${errors} error/fatal/stderr line(s)`);
  if (!r.crash && r.gatewayCounted !== tally.sent) warnings.push(`the gateway counted ${r.gatewayCounted} /graphql requests, the soak sent ${tally.sent}`);
  return { failures, warnings };
}

/** The report, a few dozen lines of plain text. */
export function formatReport(r: SoakResult): string {
  const { tally } = r;
  const { failures, warnings } = judge(r);
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
  const list = (map: ReadonlyMap<string | number, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${n}`).join(", ") || "none";
  const mem = (m: MemorySnapshot) =>
    `RSS ${fmt(m.rssMb)} MB (metrics ${fmt(m.metricsRssMb)})  heap after GC ${fmt(m.heapUsedMb)} MB  fds ${m.openFds}  handles ${m.activeHandles}`;
  const [start, end] = [r.memory[0], r.memory.at(-1)];
  const lines = [
    `soak: ${r.seconds} s planned, ${fmt(r.loadSeconds)} s of load, ${r.workers} workers, gateway pid ${r.pid}${r.interrupted ? "  (INTERRUPTED)" : ""}`,
    `requests    sent ${tally.sent}  answered ${tally.answered}  lost ${tally.lost}  unparseable ${tally.unparseable}  no x-request-id ${tally.missingRequestId}  wrong ${tally.wrong}  ${Math.round(tally.sent / r.loadSeconds)} rps`,
    `latency     p50 ${pct(0.5)} ms  p95 ${pct(0.95)} ms  p99 ${pct(0.99)} ms  max ${Math.round(sorted.at(-1) ?? 0)} ms`,
    `HTTP        ${list(tally.statuses)}`,
    `errors      ${list(tally.codes)}`,
    `unavailable ${list(tally.unavailable)}`,
    "operations  name: sent / ok / with errors / lost",
    ...[...tally.operations].sort((a, b) => b[1].sent - a[1].sent).map(([name, c]) => `  ${name.padEnd(20)} ${c.sent} / ${c.ok} / ${c.failed} / ${c.lost}`),
    `faults      ${list(r.injected)}`,
    `breaker     log: ${r.log.breaker.map((c) => `${c.state}@${fmt((c.at - r.loadStartedAt) / 1000)}s`).join(" ") || "no change"}`,
    `            /metrics polls: ${r.breakerPolled.join(" > ") || "none"}; at end: ${r.breakerAtEnd}`,
    `bePaid      calls ${list(r.bepaidCalls)}; retries ${r.retries}`,
    `            gateway counted ${r.gatewayCounted} /graphql requests, the soak sent ${tally.sent}; idempotent replay mismatches ${r.replayMismatches}`,
    start ? `memory      start (t=${fmt(start.atS)}s) ${mem(start)}` : "memory      no sample",
    ...(end && end !== start ? [`            end   (t=${fmt(end.atS)}s) ${mem(end)}`, `            growth RSS ${signed(end.rssMb - start!.rssMb)} MB, heap ${signed(end.heapUsedMb - start!.heapUsedMb)} MB, fds ${signed(end.openFds - start!.openFds, 0)}`] : []),
    `            trend (t: RSS/heap MB) ${r.memory.map((m) => `${Math.round(m.atS)}s: ${Math.round(m.rssMb)}/${Math.round(m.heapUsedMb)}`).join("  ")}`,
    `gateway log ${list(r.log.messages)}`,
    ...r.log.samples.map((line) => `  log> ${line}`),
    `final read  ${r.finalProbe}`,
    `shutdown    ${r.crash ? `crashed earlier: ${describeExit(r.crash)}` : r.shutdown ? `SIGTERM -> ${describeExit(r.shutdown)} in ${r.shutdown.ms} ms${r.shutdown.killed ? " (SIGKILLed)" : ""}` : "not reached"}`,
    ...(r.stuck ? [`            3 s after SIGTERM: ${r.stuck}`] : []),
    ...tally.samples.map((line) => `  sample> ${line}`),
    ...warnings.map((line) => `WARNING     ${line}`),
    failures.length === 0 ? "RESULT      PASS" : `RESULT      FAIL: ${failures.join("; ")}`,
  ];
  return lines.join("\n");
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "?";
}

function signed(n: number, digits = 1): string {
  return `${n >= 0 ? "+" : ""}${fmt(n, digits)}`;
}
