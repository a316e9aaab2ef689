import { type ApolloServerPlugin, type BaseContext, type GraphQLRequestListener, HeaderMap } from "@apollo/server";
import { BREAK, type DocumentNode, type GraphQLSchema, visit } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { BoundedCache } from "../cache/bounded-cache.js";

/** Compiled operations kept at once; a new document past that evicts the least recently used. */
const MAX_COMPILED = 1000;

/**
 * Runs queries with graphql-jit instead of graphql-js's interpreter, through Apollo's
 * `responseForOperation` hook (the one a response cache serves from): Apollo still parses,
 * validates with every rule and limit, runs the gateway's other hooks and writes the response;
 * only the execution of a query that succeeds is swapped. Each distinct document is compiled
 * once into a JavaScript function.
 *
 * Apollo's own execution (graphql-js, in schema mode) runs everything else, as it would
 * without this plugin, so every error keeps Apollo's messages, paths, codes and HTTP statuses:
 * - a query whose compiled run ends in any error (a failed field, variables that do not coerce):
 *   Apollo runs it again; within one operation every bePaid read is made once (the loader, and
 *   the list in `src/context.ts`), so the second run sends nothing to bePaid;
 * - mutations: a create is sent once, and only by Apollo's execution;
 * - introspection, whose results graphql-jit does not promise to reproduce, and requests with no
 *   operation to run.
 *
 * Not Apollo's executor hook (`gateway`): in that mode Apollo builds, per operation, an object
 * whose accessors keep the whole request context alive until a full garbage collection
 * (docs/upstream/apollo-gateway-context.md). Served here, an operation also skips Apollo's
 * `executionDidStart` and `executionDidEnd` hooks, which nothing of the gateway's uses.
 */
export function compiledExecutionPlugin<TContext extends BaseContext>(schema: GraphQLSchema): ApolloServerPlugin<TContext> {
  // A document's compiled query, or "graphql-js" for those left to Apollo's own execution.
  const compiled = new BoundedCache<string, CompiledQuery | "graphql-js">({ max: MAX_COMPILED, lru: true });

  const compiledFor = (document: DocumentNode, queryHash: string, operationName: string | undefined): CompiledQuery | "graphql-js" => {
    // A hash is hex, so it never holds the ":" that joins a name to it.
    const key = operationName ? `${queryHash}:${operationName}` : queryHash;
    let query = compiled.get(key);
    if (query === undefined) {
      query = hasIntrospection(document) ? "graphql-js" : compiledOrGraphqlJs(schema, document, operationName);
      compiled.set(key, query);
    }
    return query;
  };

  const listener: GraphQLRequestListener<TContext> = {
    async responseForOperation({ document, queryHash, operation, request, contextValue }) {
      // Apollo comes here without an operation (despite its type) when the request names none it
      // can run: its execution responds with graphql-js's error ("Unknown operation named …").
      const kind = (operation as typeof operation | undefined)?.operation;
      if (kind !== "query" || queryHash === undefined) return null;
      const query = compiledFor(document, queryHash, request.operationName ?? undefined);
      if (query === "graphql-js") return null;
      try {
        const result = await query.query(undefined, contextValue, request.variables ?? {});
        if (result.errors) return null;
        return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: "single", singleResult: { data: result.data } } };
      } catch {
        // Apollo's own execution meets the same cause and reports it as it reports any other.
        return null;
      }
    },
  };
  // One listener for every request: it holds no per-request state.
  const started = Promise.resolve(listener);
  return { requestDidStart: () => started };
}

/** The document compiled by graphql-jit, or "graphql-js" when it cannot compile it. */
function compiledOrGraphqlJs(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | "graphql-js" {
  const result = compileQuery(schema, document, operationName);
  return isCompiledQuery(result) ? result : "graphql-js";
}

/** True when the document asks for `__schema` or `__type` (`__typename` is plain data). */
function hasIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
