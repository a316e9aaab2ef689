import type { ChildProcess } from "node:child_process";

/** The repository's root, where `src/main.ts` and `dist/main.js` are. */
export declare const PROJECT_ROOT: string;

/** How a gateway process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of {@link startGatewayProcess}. */
export interface GatewayProcessOptions {
  /**
   * The gateway's environment: exactly this plus PATH and HOME. `PORT` defaults to 0 (the child
   * reports the port it bound); `HOST` defaults to 127.0.0.1; `METRICS_PORT: "0"` gives metrics a
   * listener of their own, reported as {@link GatewayProcess.metricsUrl}.
   */
  env: Record<string, string | undefined>;
  /** The arguments to the Node binary. Default `--import tsx src/main.ts` (`npm start`); the benchmark passes `dist/main.js`. */
  args?: string[];
  /** The Node binary (or a command on PATH). Default: the one running this process. */
  node?: string;
  /** Where it runs. Default: the repository's root. */
  cwd?: string;
  /** Resolve once `/readyz` answers 200 (default), or as soon as it listens. */
  ready?: "readyz" | "listening";
  /** How long start-up may take. Default 60 s. */
  timeoutMs?: number;
  /** Its own process group, so a Ctrl-C in the terminal reaches the caller only. Default false. */
  detached?: boolean;
  /** Its stdin: ignored (default) or an open pipe nobody writes to (the soak's hooks exit when it ends). */
  stdin?: "ignore" | "pipe";
  /** Called with each line it writes; the last 200 are kept for {@link GatewayProcess.output} anyway. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

/** A gateway running as a process of its own. */
export interface GatewayProcess {
  process: ChildProcess;
  pid: number;
  /** Its GraphQL URL, e.g. `http://127.0.0.1:43123/graphql`, as it reported it. */
  url: string;
  /** e.g. `http://127.0.0.1:43123`. */
  origin: string;
  /** `/metrics` on METRICS_PORT's listener, when it has one. */
  metricsUrl: string | undefined;
  /** Its last 200 lines of stdout and stderr, for failure reports. */
  output(): string;
  /** Set once it has exited. */
  readonly exit: Exit | undefined;
  /** Resolves when it exits. */
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves to how it ended and how long it took. */
  stop(graceMs?: number): Promise<Exit & { ms: number; killed: boolean }>;
  /** SIGKILL if still running; synchronous, safe in `process.on("exit")`. */
  kill(): void;
}

/**
 * Starts the gateway (`node --import tsx src/main.ts` unless `args` say otherwise) on port 0 and
 * resolves once it reported its URL and, by default, `/readyz` answers 200; rejects with its
 * output when it exits or takes longer than `timeoutMs`.
 */
export declare function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess>;

/** "exit code 0", "signal SIGKILL". */
export declare function describeExit(exit: Exit): string;
