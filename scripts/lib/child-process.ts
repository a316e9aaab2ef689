import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A server started as a process of its own (the example app's server in the e2e, the demos' bePaid stand-in). */
export interface RunningChild {
  /** Its URL, as its start-up output says. */
  url: string;
  /** Everything it printed, for a failure report. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Options of {@link startChild}. */
export interface ChildOptions {
  /** What it is, for messages ("The gateway"). */
  name: string;
  /** Its arguments to this Node binary (`--import tsx` and a script). */
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The URL a line of its standard output announces, or undefined for any other line. */
  urlIn: (line: string) => string | undefined;
  /** How long start-up may take on a busy machine. */
  timeoutMs: number;
}

/**
 * Runs a TypeScript entry point under tsx with this Node binary and resolves once a line of its
 * output announces its URL (the child binds port 0 and says which port it got, so no port is
 * guessed ahead of it).
 */
export function startChild({ name, args, cwd, env, urlIn, timeoutMs }: ChildOptions): Promise<RunningChild> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(line));
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`${why}\n${lines.join("\n")}`));
    };
    const timer = setTimeout(() => fail(`${name} did not say where it listens within ${timeoutMs} ms.`), timeoutMs);
    child.once("exit", (code) => fail(`${name} exited (code ${code}) before listening.`));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const url = urlIn(line);
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url, output: () => lines.join("\n"), stop });
    });
  });
}

/** SIGTERM (a server drains and exits), then SIGKILL if it is still there after 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
