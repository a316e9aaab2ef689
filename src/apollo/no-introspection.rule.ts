import { ApolloServerValidationErrorCode } from "@apollo/server/errors";
import { GraphQLError, type ValidationRule } from "graphql";

/**
 * Production's refusal of introspection (`__schema`, `__type`; `__typename` stays), in the
 * gateway's own words: Apollo's built-in rule would tell a caller to "pass introspection: true to
 * ApolloServer", a setting this gateway does not have. The schema is published as a file instead.
 */
export const NoIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== "__schema" && node.name.value !== "__type") return;
    context.reportError(
      new GraphQLError(
        "Introspection is off in production (NODE_ENV=production). Generate code from the gateway's schema.graphql file instead, or introspect a development gateway (npm start).",
        { nodes: node, extensions: { validationErrorCode: ApolloServerValidationErrorCode.INTROSPECTION_DISABLED } },
      ),
    );
  },
});
