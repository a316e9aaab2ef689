import "reflect-metadata";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { type GraphQLSchema, parse } from "graphql";
import { buildSchema, createResolversMap, type ResolverObject } from "type-graphql";
import { scopeChecker } from "./auth/scopes.js";
import { resolveCustomerReference } from "./customers/customer.reference.js";
import { CustomerResolver } from "./customers/customer.resolver.js";
import { guardFederationFields } from "./federation/guard-federation-fields.js";

/** Options of {@link buildGatewaySchema}. */
export interface SchemaOptions {
  /** Serve as an Apollo Federation 2 subgraph (`GATEWAY_FEDERATION`); default false. */
  federation?: boolean;
  /**
   * The subgraph's `_service { sdl }` only for static tokens and access tokens holding
   * `schema:read` (production, where introspection is off); default false.
   */
  restrictSdl?: boolean;
}

/** The Federation version the subgraph speaks, and the directives it uses. */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

/**
 * Builds the gateway's schema from the resolvers. The plain one is `schema.graphql` at the
 * repository root, printed by `npm run schema` and checked by the tests (graphql-js prints no
 * applied directive, so `Customer`'s `@key` does not show there). With `federation`, the same
 * types and resolvers become a Federation 2 subgraph, type-graphql's documented way
 * (`@apollo/subgraph` over the SDL printed with its directives): `Customer @key(fields: "id")`,
 * `_service` and `_entities`, whose references resolve through the operation's loader, both
 * held to the gateway's rules (src/federation/).
 */
export async function buildGatewaySchema({ federation = false, restrictSdl = false }: SchemaOptions = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [CustomerResolver],
    // Inputs are checked by GraphQL's types and our own rules; class-validator is not used.
    validate: false,
    // `@Authorized(scope)` fields: an access token without the scope gets FORBIDDEN at the field.
    authChecker: scopeChecker,
  });
  if (!federation) return schema;
  // Loaded only for a subgraph: Federation's libraries are about 2 MB a plain gateway never uses.
  const [{ buildSubgraphSchema }, { printSchemaWithDirectives }] = await Promise.all([import("@apollo/subgraph"), import("@graphql-tools/utils")]);
  const resolvers = createResolversMap(schema);
  // @apollo/subgraph takes an entity's reference resolver beside its field resolvers.
  resolvers.Customer = { ...(resolvers.Customer as ResolverObject), __resolveReference: resolveCustomerReference };
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    // The same map in Apollo's type, which spells a resolver object's options differently.
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
  guardFederationFields(subgraph, { restrictSdl });
  return subgraph;
}
