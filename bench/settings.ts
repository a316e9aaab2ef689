/** How hard and how long each server is loaded. */
export interface Settings {
  mode: "full" | "quick";
  /** Fixed for every run, so each server sees the same concurrency. */
  connections: number;
  pipelining: 1;
  /** Seconds of each measured run. */
  duration_s: number;
  /** Seconds of load per server and query before its first measured run; not counted. */
  warmup_s: number;
  /** Measured runs per server and query; the rows are their medians. */
  rounds: number;
  /** `--queries Q1,Q5`: only these queries (and the servers they run); unset: every query. */
  queries?: string[];
}

/** `npm run bench` takes about 12 minutes; `npm run bench -- --quick` under 3. */
export function settingsFrom(argv: readonly string[]): Settings {
  const quick = argv.includes("--quick");
  const listed = argv.indexOf("--queries");
  const queries = listed < 0 ? undefined : (argv[listed + 1] ?? "").split(",").filter(Boolean);
  const settings: Settings = quick
    ? { mode: "quick", connections: 50, pipelining: 1, duration_s: 1.5, warmup_s: 1, rounds: 3 }
    : { mode: "full", connections: 50, pipelining: 1, duration_s: 10, warmup_s: 3, rounds: 3 };
  return queries ? { ...settings, queries } : settings;
}
