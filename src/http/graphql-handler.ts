import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { GatewayContext, RequestFacts } from "../context.js";
import { readBody } from "./read-body.js";
import { refusals } from "./refusals.js";
import { respondError } from "./respond.js";

/**
 * Serves `/graphql` with Apollo: reads and parses a JSON body (1 MB at most), hands Apollo the
 * request, and writes its answer. Apollo does the GraphQL-over-HTTP rules (methods, CSRF
 * prevention, status codes) and calls `createContext` only for a request it will execute, after
 * parsing and validating it; the context then authenticates the caller.
 */
export function createGraphQLHandler(
  apollo: ApolloServer<GatewayContext>,
  createContext: (facts: RequestFacts) => Promise<GatewayContext>,
) {
  return async (request: IncomingMessage, response: ServerResponse, facts: RequestFacts): Promise<void> => {
    let body: unknown;
    if (request.method === "POST") {
      const text = await readBody(request);
      if (/^application\/(graphql-response\+)?json\b/i.test(request.headers["content-type"] ?? "")) {
        try {
          body = JSON.parse(text);
        } catch {
          return respondError(response, refusals.bodyNotJson());
        }
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const queryStart = request.url?.indexOf("?") ?? -1;
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: request.method ?? "GET",
        headers,
        search: queryStart === -1 ? "" : request.url!.slice(queryStart),
        body,
      },
      context: async () => createContext(facts),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") return void response.end(result.body.string);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}
