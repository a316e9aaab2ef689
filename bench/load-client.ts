import { createInterface } from "node:readline";
import type { Child } from "./children.js";
import type { LoadJob, LoadResult } from "./load.js";

/** Runs a job in the load process and resolves to what it measured. */
export type RunLoad = (job: LoadJob) => Promise<LoadResult>;

/** Talks to `load.js` (one JSON line each way per job); jobs are answered in the order sent. */
export function createLoadClient(load: Child): RunLoad {
  const waiting: { resolve: (result: LoadResult) => void; reject: (error: Error) => void }[] = [];
  createInterface({ input: load.process.stdout! }).on("line", (line) => {
    const next = waiting.shift();
    if (!next) return;
    const answer = JSON.parse(line) as LoadResult | { failed: string };
    if ("failed" in answer) next.reject(new Error(`autocannon failed: ${answer.failed}`));
    else next.resolve(answer);
  });
  load.process.once("exit", (code) => {
    for (const next of waiting.splice(0)) next.reject(new Error(`the load generator exited with ${code}:\n${load.output()}`));
  });
  return (job) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      load.process.stdin!.write(`${JSON.stringify(job)}\n`);
    });
}
