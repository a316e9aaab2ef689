import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

/** A demo (`npm run demo:…`) started as a user would, up to its "Ctrl-C stops all of it." line. */
export interface RunningDemo {
  /** What it printed. */
  output: () => string;
  /** The shell commands it printed to try, continuation lines joined, in order. */
  commands: () => string[];
  /** Every process under it (its servers, and what they run), as `ps` sees them now. */
  descendants: () => Promise<number[]>;
  /** Ctrl-C, as a terminal sends it: SIGINT to the whole process group; resolves once npm has exited. */
  stop: () => Promise<void>;
}

/** Runs `npm run <script>` with `env` on top of this environment. */
export async function startDemo(script: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<RunningDemo> {
  const child = spawn("npm", ["run", "-s", script, ...(args.length > 0 ? ["--", ...args] : [])], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own, as a terminal's foreground job: Ctrl-C reaches every process in it.
    detached: true,
  });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(line));
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`npm run ${script} exited (${code}) before it was ready:\n${lines.join("\n")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (line.includes("Ctrl-C stops all of it.")) resolve();
    });
  });
  await ready;
  const exited = once(child, "exit");
  return {
    output: () => lines.join("\n"),
    commands: () => printedCommands(lines),
    descendants: () => descendantsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, "SIGINT");
      await exited;
    },
  };
}

/** Lines that start with `curl` (indented), with their `\` continuation lines. */
function printedCommands(lines: string[]): string[] {
  const commands: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const text = line.trim();
    if (current !== undefined) current += ` ${text}`;
    else if (text.startsWith("curl ")) current = text;
    else continue;
    if (current.endsWith("\\")) current = current.slice(0, -1).trimEnd();
    else {
      commands.push(current);
      current = undefined;
    }
  }
  return commands;
}

/** Runs a printed command as the user's shell would; resolves with its output. */
export async function runPrinted(command: string): Promise<string> {
  return (await run("bash", ["-c", command])).stdout;
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
 * The processes of `pids` still running once each has had up to `graceMs` to exit (npm may
 * exit before the last of its job's processes has finished draining).
 */
export async function stillRunning(pids: number[], graceMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  let left = pids;
  while (true) {
    const states = await Promise.all(left.map(isRunning));
    left = left.filter((_, index) => states[index]);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
