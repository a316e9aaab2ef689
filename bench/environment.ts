import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release } from "node:os";

/** Where and on what the numbers were taken. */
export interface Environment {
  date: string;
  /** The Node version the servers ran on (`--node`). */
  node: string;
  /** The Node version of the harness and the load generator (the same as `node` without `--node`). */
  harness_node: string;
  cpu: string;
  cores: number;
  kernel: string;
  /** The commit the gateway was built from, and whether `src/` differed from it. */
  gateway_commit: string;
  src_modified: boolean;
}

/** Reads the machine, the servers' Node version and the gateway's commit (git read-only; "unknown" without git). */
export function describeEnvironment(root: string, serverNode: string): Environment {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    date: new Date().toISOString(),
    node: serverNode,
    harness_node: process.version,
    cpu: cpuModel(),
    cores: availableParallelism(),
    kernel: release(),
    gateway_commit: git("rev-parse", "--short", "HEAD") ?? "unknown",
    // Others edit src/ while benchmarks run: say when the build was not exactly the commit.
    src_modified: (git("status", "--porcelain", "--", "src") ?? "") !== "",
  };
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (match) return match[1]!.trim();
  } catch {
    // not Linux: os.cpus() below
  }
  return cpus()[0]?.model ?? "unknown";
}
