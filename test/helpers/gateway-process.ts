import { type GatewayProcess as Process, startGatewayProcess } from "../../scripts/lib/gateway-process.js";
import type { GraphQLResponse } from "./stack.js";

/** One gateway replica (`node --import tsx src/main.ts` as a process of its own) and a client for it. */
export interface GatewayReplica {
  url: string;
  /** Its last lines on stdout and stderr. */
  logs(): string[];
  /** Sends a GraphQL source as a JSON POST. */
  query<TData = any>(source: string, variables?: object, headers?: Record<string, string>): Promise<GraphQLResponse<TData>>;
  /** Sends a signal (SIGKILL: the replica dies mid-whatever) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a replica with exactly `env` (plus PATH and HOME) through the one gateway starter; resolves once `/readyz` is 200. */
export async function startReplica(env: Record<string, string>): Promise<GatewayReplica> {
  const gateway: Process = await startGatewayProcess({ env });
  return {
    url: gateway.url,
    logs: () => gateway.output().split("\n"),
    async query(source, variables, headers = {}) {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: source, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<any>["body"] };
    },
    async kill(signal = "SIGTERM") {
      if (gateway.exit) return;
      gateway.process.kill(signal);
      await gateway.exited;
    },
  };
}
