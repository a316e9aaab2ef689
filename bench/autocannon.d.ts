/**
 * The part of autocannon 8's API the harness uses. autocannon ships no types and the project
 * installs nothing more for the benchmark, so this declares just what `load.ts` touches.
 */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    interface Options {
      url: string;
      method?: "GET" | "POST";
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      pipelining?: number;
      /** Seconds. */
      duration?: number;
      /** Milliseconds between samples; a run ends on the first sample after `duration`. */
      sampleInt?: number;
      /** Seconds a request may take before it counts as a timeout. */
      timeout?: number;
      /** A response whose body fails this check counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
      /** Requests sent in turn on each connection, in place of the single one above. */
      requests?: RequestSpec[];
    }

    /** One request of `requests`. */
    interface RequestSpec {
      method?: "GET" | "POST";
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Called before every send; what it returns is sent. */
      setupRequest?: (request: RequestSpec, context: object) => RequestSpec;
    }

    interface Result {
      /** Seconds, to 10 ms. */
      duration: number;
      /** Connection errors and timeouts. */
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      "2xx": number;
      /** `total`: responses received; `sent`: requests written, answered or not. */
      requests: { total: number; sent: number };
    }

    /** Emits `response` (client, statusCode, bytes, responseTimeMs) for every response. */
    type Instance = EventEmitter;
  }

  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export = autocannon;
}
