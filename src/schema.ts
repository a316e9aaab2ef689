import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { scopeChecker } from "./auth/scopes.js";
import { CustomerResolver } from "./customers/customer.resolver.js";

/**
 * Builds the gateway's schema from the resolvers. `schema.graphql` at the repository root is
 * printed from it by `npm run schema` and checked by the tests.
 */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [CustomerResolver],
    // Inputs are checked by GraphQL's types and our own rules; class-validator is not used.
    validate: false,
    // `@Authorized(scope)` fields: an access token without the scope gets FORBIDDEN at the field.
    authChecker: scopeChecker,
  });
}
