import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Refuses an operation whose type (subscription, here) the schema has no root type for, as a
 * validation error: graphql-js 16 finds this only when executing, and graphql-jit returned it
 * with an error Apollo could not format (issue 7). The message is graphql-js's own.
 */
export const KnownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`Schema is not configured to execute ${node.operation} operation.`, { nodes: node }));
    }
  },
});
