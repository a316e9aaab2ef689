import { readFileSync, writeFileSync } from "node:fs";

/** Measures one process's peak resident set size over a stretch of time. */
export interface PeakRss {
  /** Ends the stretch; resolves to the peak RSS in MB. */
  stop(): number;
}

/**
 * Starts measuring `pid`'s peak RSS from now. Linux keeps the peak in `VmHWM`; writing `5` to
 * `/proc/<pid>/clear_refs` restarts it from the current RSS, so each run gets its own peak.
 * Where that write is refused, `VmRSS` is polled every 50 ms instead (which can miss a spike).
 */
export function startPeakRss(pid: number): PeakRss {
  let exact = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    exact = false;
  }
  let polled = 0;
  const poll = exact ? undefined : setInterval(() => (polled = Math.max(polled, readKb(pid, "VmRSS"))), 50);
  return {
    stop() {
      clearInterval(poll);
      return Math.max(polled, readKb(pid, exact ? "VmHWM" : "VmRSS")) / 1024;
    },
  };
}

/** A `kB` line of `/proc/<pid>/status`. */
function readKb(pid: number, key: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`/proc/${pid}/status has no ${key}`);
  return Number(match[1]);
}
