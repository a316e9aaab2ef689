import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import {
  BREAK,
  type DocumentNode,
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  printSchema,
  visit,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

/** Compiled operations kept at once; a new document past that evicts the least recently used. */
const MAX_COMPILED = 1000;

/**
 * Runs operations with graphql-jit instead of graphql-js's interpreter, plugged in through
 * Apollo Server's executor hook (its `gateway` interface: Apollo still parses, validates with
 * every rule and limit, runs plugins and formats errors; only execution is swapped). Each
 * distinct document is compiled once into a JavaScript function. Introspection, and documents
 * with no single operation to run, go to graphql-js, whose answers graphql-jit does not
 * promise to reproduce.
 *
 * Caveats from graphql-jit's docs, each covered by the suite running on this executor: it
 * trusts that the document was validated (Apollo validates first); it coerces variables
 * itself (errors keep graphql-js's messages and paths); resolvers see the same arguments,
 * context and `info.path`, but `info` lacks fields no resolver here reads.
 */
export function ApolloJitExecutor(schema: GraphQLSchema): GatewayInterface {
  // A document's compiled query, or "graphql-js" for those left to graphql-js's interpreter.
  const compiled = new Map<string, CompiledQuery | "graphql-js">();

  const run: GatewayExecutor = async ({ document, queryHash, context, request }) => {
    // The name the caller asked for: Apollo's resolved `operationName` is null when it found none.
    const { operationName } = request;
    // A hash is hex, so it never holds the ":" that joins a name to it.
    const key = operationName ? `${queryHash}:${operationName}` : queryHash;
    let query = compiled.get(key);
    if (query) {
      compiled.delete(key); // re-inserted below: Map order is least-recently-used order
    } else if (hasIntrospection(document) || !getOperationAST(document, operationName)) {
      // No single operation to run: graphql-js answers with the error callers expect
      // ("Unknown operation named …", "Must provide operation name …"), which Apollo needs.
      query = "graphql-js";
    } else {
      const result = compileQuery(schema, document, operationName ?? undefined);
      if (!isCompiledQuery(result)) return result;
      query = result;
    }
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, query);
    if (query === "graphql-js") {
      return execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    }
    const variableValues = request.variables ?? {};
    const result = await query.query(undefined, context, variableValues);
    if (result.errors && !("data" in result)) {
      // Variables were refused. graphql-js's own errors point at the variable definition, which
      // Apollo needs to answer 400 BAD_USER_INPUT; the refusal is rare, so coerce a second time.
      return { errors: variableErrors(schema, document, operationName, variableValues) ?? result.errors };
    }
    return result;
  };

  // Apollo formats only errors of its own graphql build with an `extensions` object; anything
  // else (graphql-jit's compile errors, a throw) crashed its formatter into a bare 500 (issue 7).
  const executor: GatewayExecutor = async (requestContext) => {
    try {
      const result = await run(requestContext);
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    } catch (error) {
      return { errors: [asGraphQLJsError(error)] };
    }
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors leave `extensions` undefined where graphql-js always sets an object, may
 * come from graphql-jit's own copy of graphql, or may not be GraphQL errors at all; Apollo's
 * error formatting reads `extensions.code` unguarded. Rebuild each as a graphql-js error,
 * keeping message, locations, path and the original error (which formatError reads); anything
 * that is not an error of this kind becomes the original error of a new one, which formatError
 * masks as INTERNAL_SERVER_ERROR.
 */
function asGraphQLJsError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError && error.extensions) return error;
  if (!isGraphQLErrorLike(error)) {
    return new GraphQLError("Internal server error.", { originalError: error instanceof Error ? error : new Error(String(error)) });
  }
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (rebuilt as { locations?: GraphQLError["locations"] }).locations = error.locations;
  return rebuilt;
}

/** A GraphQLError from any copy of graphql (graphql-jit may load its own), by shape. */
function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}

/** graphql-js's errors for the operation's variables, or undefined when it accepts them. */
function variableErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): readonly GraphQLError[] | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return coerced.errors;
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
