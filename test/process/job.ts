import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

/** The repository's root, where a user types the README's commands. */
export const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

/** A long-running command (a server, a demo) started as a terminal's foreground job. */
export interface Job {
  /** What it printed, stdout and stderr. */
  output: () => string;
  /** Every process under it, as `ps` sees them now. */
  descendants: () => Promise<number[]>;
  /** Ctrl-C, as a terminal sends it: SIGINT to the whole process group; resolves once its shell has exited. */
  stop: () => Promise<void>;
}

/** Options of {@link startJob}. */
export interface JobOptions {
  /** A bash script. */
  script: string;
  /** Its whole environment. */
  env: NodeJS.ProcessEnv;
  /** Whether a line it printed says it is ready (checked in order, one line at a time). */
  ready: (line: string) => boolean | Promise<boolean>;
  /** How long it may take to get ready on a busy machine. */
  timeoutMs?: number;
}

/** Runs `script` in bash from the repository's root and resolves once a line says it is ready. */
export async function startJob({ script, env, ready, timeoutMs = 150_000 }: JobOptions): Promise<Job> {
  // A process group of its own, as a terminal's foreground job: Ctrl-C reaches every process in it.
  const child = spawn("bash", ["-c", script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: string[] = [];
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-child.pid!, "SIGINT");
    await exited;
  };
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(line));
  await new Promise<void>((resolve, reject) => {
    let checks = Promise.resolve();
    const timer = setTimeout(() => fail(`it did not say it was ready within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`${script}: ${why}:\n${lines.join("\n")}`));
    };
    const early = (code: number | null) => fail(`it exited (${code}) before it was ready`);
    child.once("exit", early);
    let isReady = false;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      checks = checks.then(async () => {
        if (isReady || !(await ready(line))) return;
        isReady = true;
        clearTimeout(timer);
        child.off("exit", early);
        resolve();
      });
    });
  });
  return { output: () => lines.join("\n"), descendants: () => descendantsOf(child.pid!), stop };
}

/** Runs a command as the user's shell would; resolves with what it printed and its exit code. */
export async function runCommand(script: string, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; code: number }> {
  return run("bash", ["-c", script], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}

async function descendantsOf(pid: number): Promise<number[]> {
  const { stdout } = await run("ps", ["-e", "-o", "pid=,ppid="]);
  const parents = stdout.trim().split("\n").map((row) => row.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Whether a process with this id still runs (a zombie awaiting its parent counts as gone). */
async function isRunning(pid: number): Promise<boolean> {
  const state = await run("ps", ["-o", "stat=", "-p", String(pid)]).then(({ stdout }) => stdout.trim(), () => "");
  return state !== "" && !state.startsWith("Z");
}

/**
 * Ctrl-C to the job; resolves with the processes it had started that are still running once each
 * has had up to `graceMs` to exit (a shell may exit before the last of its job has drained).
 */
export async function stopAndListLeftovers(job: Job, graceMs = 20_000): Promise<number[]> {
  let left = await job.descendants();
  await job.stop();
  const deadline = Date.now() + graceMs;
  while (left.length > 0) {
    const states = await Promise.all(left.map(isRunning));
    left = left.filter((_, index) => states[index]);
    if (left.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return left;
}
