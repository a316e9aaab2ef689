import { type ChildProcess, spawn } from "node:child_process";

/** A process the benchmark started, with the last lines it wrote (for error messages). */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last few kB of its stdout and stderr. */
  output(): string;
}

/** Every process the benchmark starts, so that all of them end with it, whatever happens. */
export interface Children {
  /**
   * Starts `node args...` with exactly `env` (nothing inherited but PATH and HOME); `node` is the
   * binary, by default the one running the harness.
   */
  start(name: string, args: string[], env: NodeJS.ProcessEnv, node?: string): Child;
  /**
   * Starts one of the benchmark's own servers as `start` does, on port 0 unless `env.PORT` names
   * one, and resolves with its origin once it reports the port it bound over IPC
   * (`report-listening.ts`); fails with its output if it exits first or takes over `timeoutMs`.
   */
  startServer(name: string, args: string[], env: NodeJS.ProcessEnv, node?: string, timeoutMs?: number): Promise<{ child: Child; origin: string }>;
  /** Registers a process started elsewhere (a gateway, through `#lib/gateway-process.js`), so it ends with the rest. */
  adopt(name: string, proc: ChildProcess, output: () => string): Child;
  /** SIGTERM to each child still running, SIGKILL to any still there after `graceMs`. */
  stopAll(graceMs?: number): Promise<void>;
  /** SIGKILL to each child still running; synchronous, for `process.on("exit")`. */
  killAll(): void;
  /** The ids of the children still running. */
  pids(): number[];
}

/** Makes the registry; `cwd` is where children run (the project root). */
export function createChildren(cwd: string): Children {
  const running = new Set<Child>();
  const isRunning = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

  return {
    start(name, args, env, node = process.execPath) {
      return this.adopt(name, ...spawnWithTail(cwd, args, env, node, false));
    },
    startServer(name, args, env, node = process.execPath, timeoutMs = 20_000) {
      const child = this.adopt(name, ...spawnWithTail(cwd, args, env, node, true));
      return new Promise((resolve, reject) => {
        const fail = (why: string) => reject(new Error(`${name} ${why}:\n${child.output()}`));
        const timer = setTimeout(() => fail(`did not report its port within ${timeoutMs} ms`), timeoutMs);
        const exited = (code: number | null) => (clearTimeout(timer), fail(`exited with ${code} before listening`));
        child.process.once("exit", exited);
        child.process.on("message", (message: { listening?: number }) => {
          if (typeof message?.listening !== "number") return;
          clearTimeout(timer);
          child.process.off("exit", exited);
          child.process.disconnect();
          resolve({ child, origin: `http://127.0.0.1:${message.listening}` });
        });
      });
    },
    adopt(name, proc, output) {
      if (proc.pid === undefined) throw new Error(`${name} did not start`);
      const child: Child = { name, pid: proc.pid, process: proc, output };
      running.add(child);
      proc.once("exit", () => running.delete(child));
      return child;
    },
    async stopAll(graceMs = 3_000) {
      await Promise.all(
        [...running].map(async (child) => {
          if (!isRunning(child)) return;
          const exited = new Promise((resolve) => child.process.once("exit", resolve));
          child.process.kill("SIGTERM");
          const timer = setTimeout(() => child.process.kill("SIGKILL"), graceMs);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
    killAll() {
      for (const child of running) if (isRunning(child)) child.process.kill("SIGKILL");
    },
    pids: () => [...running].filter(isRunning).map((child) => child.pid),
  };
}

/** Resolves once `ready()` is true; fails with the child's output if it exits or takes over `timeoutMs`. */
export async function waitUntilReady(child: Child, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited with ${child.process.exitCode}:\n${child.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${child.name} was not ready after ${timeoutMs} ms:\n${child.output()}`);
}

/** Spawns `node args...` with a clean environment, keeping the last few kB it writes; `ipc` adds the channel servers report their port on. */
function spawnWithTail(cwd: string, args: string[], env: NodeJS.ProcessEnv, node: string, ipc: boolean): [ChildProcess, () => string] {
  // A clean environment: a GATEWAY_TOKENS or NODE_OPTIONS in the caller's shell must not change what is measured.
  const stdio: ("pipe" | "ipc")[] = ipc ? ["pipe", "pipe", "pipe", "ipc"] : ["pipe", "pipe", "pipe"];
  const proc = spawn(node, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio });
  // Only a tail is kept, and cheaply: a server that logs every request must not make this process busy.
  let tail = "";
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString()).slice(-4096));
  proc.stderr!.on("data", keep);
  proc.stdout!.on("data", keep);
  return [proc, () => tail];
}
