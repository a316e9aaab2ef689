import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Measures how much CPU processes outside the benchmark took over a stretch of time. */
export interface ForeignCpu {
  /** Ends the stretch; the average number of cores the other processes kept busy. */
  stop(): number;
}

const TICKS_PER_SECOND = clockTicks();

/**
 * Starts measuring from now. The machine's busy time (`/proc/stat`) minus the CPU time of the
 * benchmark's own processes (`pids`, from `/proc/<pid>/stat`): on a shared machine, what
 * someone else's test run or build took from the servers. `NaN` where /proc cannot be read.
 */
export function startForeignCpu(pids: readonly number[]): ForeignCpu {
  const startedAt = performance.now();
  const before = foreignTicks(pids);
  return {
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      return Math.max(0, (foreignTicks(pids) - before) / TICKS_PER_SECOND / seconds);
    },
  };
}

function foreignTicks(pids: readonly number[]): number {
  try {
    // cpu  user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
    const cpu = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = cpu.slice(0, 8).reduce((sum, ticks) => sum + ticks, 0) - cpu[3]! - cpu[4]!;
    return busy - pids.reduce((sum, pid) => sum + processTicks(pid), 0);
  } catch {
    return Number.NaN;
  }
}

/** utime + stime of one process; its name may hold spaces and parentheses, so fields count from the last ")". */
function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}
