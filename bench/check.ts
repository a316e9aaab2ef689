import { isDeepStrictEqual } from "node:util";
import { type BenchQuery, type ServerName, targetFor } from "./queries.js";
import { type RunningServer, resetUpstreamCalls, send, settledUpstreamCalls } from "./servers.js";

/**
 * Before anything is timed: sends every query once to every server, one at a time, and
 * throws unless each answer is good and bare, plain and the gateway answer the same data
 * (created ids aside). Resolves to the upstream calls each single operation made, keyed
 * `server/query`: the exact figure the counts under load should match.
 */
export async function checkServersAgree(servers: Map<ServerName, RunningServer>, queries: readonly BenchQuery[]): Promise<Map<string, number>> {
  const upstream = servers.get("upstream")!;
  const callsPerOp = new Map<string, number>();
  for (const query of queries) {
    let reference: { server: ServerName; data: unknown } | undefined;
    for (const server of servers.values()) {
      const target = targetFor(server.name, query);
      if (!target) continue;
      await resetUpstreamCalls(upstream);
      const answer = await send(server.origin, target);
      callsPerOp.set(`${server.name}/${query.name}`, await settledUpstreamCalls(upstream));
      const problem = `${server.name} answered ${query.name} with ${answer.status} ${answer.body.slice(0, 300)}`;
      if (answer.status < 200 || answer.status > 299) throw new Error(problem);
      if (target.verify === "json") continue;
      const body = JSON.parse(answer.body) as { data?: { [field: string]: unknown }; errors?: unknown };
      if (body.errors !== undefined || body.data === undefined) throw new Error(problem);
      const data = withoutCreatedId(body.data);
      if (!reference) reference = { server: server.name, data };
      else if (!isDeepStrictEqual(data, reference.data)) {
        throw new Error(`${query.name}: ${server.name} and ${reference.server} answer different data, so they would not be compared fairly:\n${JSON.stringify(data)}\n${JSON.stringify(reference.data)}`);
      }
    }
  }
  return callsPerOp;
}

/** A create's id is new every time; everything else in its answer must match. */
function withoutCreatedId(data: { [field: string]: unknown }): unknown {
  const created = data.createCustomer as { id?: unknown } | null | undefined;
  if (!created) return data;
  const { id: _id, ...rest } = created;
  return { ...data, createCustomer: rest };
}
