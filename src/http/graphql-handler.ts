import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { GatewayContext, ContextRequest } from "../context.js";
import { resolveTrustedDocument } from "../documents/document-request.js";
import type { TrustedDocuments } from "../documents/trusted-documents.js";
import { GatewayError } from "../errors/gateway-error.js";
import { recordRefusalResponse } from "../observability/request-report.js";
import { acceptedResponse, requestErrorStatus } from "./accepted-response.js";
import { readBody } from "./read-body.js";
import { refusals } from "./refusals.js";
import { requestSearch } from "./request-path.js";
import { respondError } from "./respond.js";

/** A JSON request body's media type (a plain `application/json` is checked by equality first). */
const JSON_CONTENT_TYPE = /^application\/(graphql-response\+)?json\b/i;

/** Options of {@link createGraphQLHandler}. */
export interface GraphQLHandlerOptions {
  /** Builds a request's context; Apollo calls it for a request it will run. */
  createContext: (contextRequest: ContextRequest) => Promise<GatewayContext>;
  /** The trusted-documents manifests' documents; undefined when none is configured. */
  documents: TrustedDocuments | undefined;
  /** Only manifest documents may run. */
  documentsOnly: boolean;
  /** Apollo shows its landing page (Sandbox) to browsers: outside production. */
  landingPage: boolean;
}

/**
 * Serves `/graphql` with Apollo. Before Apollo sees the request it decides what the caller
 * accepts (406 at once when no JSON response is acceptable, so nothing runs for a caller that
 * cannot read the response), reads and parses a JSON body (1 MB at most), and resolves trusted
 * documents. Apollo then does the GraphQL-over-HTTP rules (methods, CSRF prevention, status
 * codes), creates the context (which authenticates the caller), parses, validates and runs.
 */
export function createGraphQLHandler(apollo: ApolloServer<GatewayContext>, { createContext, documents, documentsOnly, landingPage }: GraphQLHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse, contextRequest: ContextRequest): Promise<void> => {
    // Every refusal written here is recorded in the report, so its log line names the code.
    const refuse = (error: GatewayError) => {
      contextRequest.report.errors.push(error.code);
      respondError(response, error);
    };
    const method = request.method ?? "GET";
    const accepted = acceptedResponse(method, request.headers.accept, { landingPage });
    if (accepted === "none") return refuse(refusals.notAcceptable());
    let body: unknown;
    if (method === "POST") {
      const text = await readBody(request);
      const contentType = request.headers["content-type"];
      if (contentType === "application/json" || JSON_CONTENT_TYPE.test(contentType ?? "")) {
        try {
          body = JSON.parse(text);
        } catch {
          return refuse(refusals.bodyNotJson());
        }
      }
    }
    let params = { method, body, search: requestSearch(request.url) };
    // The landing page runs nothing, whatever its URL holds.
    if (accepted !== "landing-page") {
      const resolved = resolveTrustedDocument(params, { documents, only: documentsOnly, refusalStatus: requestErrorStatus(accepted) });
      if (resolved instanceof GatewayError) return refuse(resolved);
      params = resolved;
    }

    const headers = new HeaderMap();
    const given = request.headers;
    for (const key in given) {
      const value = given[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: params.method, body: params.body, search: params.search, headers },
      context: () => createContext(contextRequest),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      recordRefusalResponse(contextRequest.report, response.statusCode, result.body.string);
      return void response.end(result.body.string);
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };
}
