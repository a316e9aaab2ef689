import { readFileSync } from "node:fs";

/** The gateway's memory and handles at one moment. */
export interface MemorySnapshot {
  /** Seconds since the soak's load began. */
  atS: number;
  /** VmRSS from `/proc/<pid>/status`, MB. */
  rssMb: number;
  /** `process_resident_memory_bytes` from `/metrics`, MB. */
  metricsRssMb: number;
  /** `nodejs_heap_size_used_bytes` right after a full GC: the live heap, MB. */
  heapUsedMb: number;
  /** `process_open_fds`: sockets to callers and to bePaid, files. */
  openFds: number;
  /** `nodejs_active_handles_total`: sockets, timers, servers. */
  activeHandles: number;
}

/** One `/metrics` sample: `name{labels}` -> value, exactly as the text exposition writes them. */
export type Metrics = Map<string, number>;

/** Reads `/metrics` (Prometheus text, at `metricsUrl`: METRICS_PORT's listener in production) into a map. */
export async function readMetrics(metricsUrl: string): Promise<Metrics> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
  const metrics: Metrics = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    metrics.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return metrics;
}

/** Sums a metric's series, grouped by one label's value (e.g. `bepaid_calls_total` by `status`). */
export function sumBy(metrics: Metrics, name: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  const pattern = new RegExp(`${label}="([^"]*)"`);
  for (const [series, value] of metrics) {
    if (series !== name && !series.startsWith(`${name}{`)) continue;
    const key = pattern.exec(series)?.[1] ?? "";
    sums.set(key, (sums.get(key) ?? 0) + value);
  }
  return sums;
}

/**
 * Reads the gateway's memory from the kernel and from its own metrics, after asking it for a full
 * GC (SIGUSR2, see gateway-hooks.ts): a heap that only grows across such samples is a leak.
 */
export async function memorySnapshot(pid: number, metricsUrl: string, atS: number): Promise<MemorySnapshot> {
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 250));
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  const metrics = await readMetrics(metricsUrl);
  const mb = (bytes: number | undefined) => (bytes ?? Number.NaN) / 1024 / 1024;
  return {
    atS,
    rssMb: rssKb / 1024,
    metricsRssMb: mb(metrics.get("process_resident_memory_bytes")),
    heapUsedMb: mb(metrics.get("nodejs_heap_size_used_bytes")),
    openFds: metrics.get("process_open_fds") ?? Number.NaN,
    activeHandles: metrics.get("nodejs_active_handles_total") ?? Number.NaN,
  };
}

/** The breaker as seen by polling `bepaid_circuit_state`. */
export interface BreakerWatch {
  /** States seen, in order, each change once: e.g. closed, open, closed. */
  readonly seen: readonly string[];
  /** Polls that got no `/metrics` answer (the gateway too busy, or gone). */
  readonly failedPolls: number;
  stop(): void;
}

const STATE_NAMES = ["closed", "half-open", "open"];

/**
 * Polls `/metrics` every `everyMs`. A short open spell can fall between two polls; the gateway's
 * own log lines count every change, and the report shows both.
 */
export function watchBreaker(metricsUrl: string, everyMs: number): BreakerWatch {
  const seen: string[] = [];
  let failedPolls = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    readMetrics(metricsUrl)
      .then((metrics) => {
        const state = STATE_NAMES[metrics.get("bepaid_circuit_state") ?? -1] ?? "unknown";
        if (seen.at(-1) !== state) seen.push(state);
      })
      .catch(() => (failedPolls += 1))
      .finally(() => (busy = false));
  }, everyMs);
  return {
    seen,
    get failedPolls() {
      return failedPolls;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * What a gateway that does not exit on SIGTERM is doing: whether its event loop still answers
 * (`/healthz`), whether it got the signal (`/readyz` turns 503 while draining), and the TCP
 * connections still open to it and from it to bePaid, by state (from `/proc/net/tcp`).
 */
export async function diagnoseStuck(pid: number, baseUrl: string, bepaidUrl: string): Promise<string> {
  const get = (path: string) =>
    fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => `${response.status} ${(await response.text()).slice(0, 60)}`,
      (error: unknown) => `no answer (${(error as Error).message})`,
    );
  const state = /^State:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "?";
  return [
    `process state ${state}`,
    `/healthz ${await get("/healthz")}`,
    `/readyz ${await get("/readyz")}`,
    `callers' connections ${connections(Number(new URL(baseUrl).port), "local")}`,
    `connections to bePaid ${connections(Number(new URL(bepaidUrl).port), "remote")}`,
  ].join("; ");
}

const TCP_STATES: Record<string, string> = { "01": "ESTABLISHED", "06": "TIME_WAIT", "08": "CLOSE_WAIT", "04": "FIN_WAIT1", "05": "FIN_WAIT2", "09": "LAST_ACK", "0A": "LISTEN" };

/** Loopback sockets whose local (the gateway's side of callers) or remote (bePaid) port is `port`, by state. */
function connections(port: number, side: "local" | "remote"): string {
  const counts = new Map<string, number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, remote, st] = line.trim().split(/\s+/);
      const address = side === "local" ? local : remote;
      if (!address || parseInt(address.split(":")[1] ?? "", 16) !== port) continue;
      const name = TCP_STATES[st ?? ""] ?? st ?? "?";
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].map(([name, n]) => `${name} ${n}`).join(", ") || "none";
}
