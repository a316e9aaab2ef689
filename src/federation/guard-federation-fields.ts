import { assertUnionType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { requireSchemaRead } from "../auth/scopes.js";
import type { GatewayContext } from "../context.js";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";

/** Options of {@link guardFederationFields}. */
export interface FederationFieldsOptions {
  /**
   * `_service { sdl }` responds only to static-token callers and access tokens holding
   * `schema:read` (production, where introspection is off); others get `FORBIDDEN`.
   */
  restrictSdl: boolean;
}

/**
 * Puts the gateway's rules on the fields `@apollo/subgraph` adds, by wrapping their resolvers
 * in the built schema: `_entities` resolves a representation whose `__typename` is no entity of
 * this subgraph (or that is no object) with `BAD_USER_INPUT` at its own index, a caller's
 * mistake, where `@apollo/subgraph` threw a plain error (`INTERNAL_SERVER_ERROR` and a stack
 * trace in the log) for the whole list; and `_service` obeys `restrictSdl`.
 */
export function guardFederationFields(schema: GraphQLSchema, { restrictSdl }: FederationFieldsOptions): void {
  const fields = schema.getQueryType()!.getFields();
  const entityTypes = new Set(assertUnionType(schema.getType("_Entity")).getTypes().map((type) => type.name));
  const expected = [...entityTypes].join();

  const entities = fields._entities!;
  const resolveEntities = entities.resolve as GraphQLFieldResolver<unknown, GatewayContext, { representations: unknown[] }, unknown[]>;
  entities.resolve = (source, args, context, info) =>
    (args as { representations: unknown[] }).representations.map((representation, index) => {
      // GraphQL has refused nulls already; any other value that is no object has no __typename.
      if (!entityTypes.has((representation as { __typename?: string }).__typename!)) return notAnEntity(index, expected);
      // One at a time: the loader still batches the ids of one tick into one round of GETs.
      return resolveEntities(source, { representations: [representation] }, context, info)[0];
    });

  if (!restrictSdl) return;
  const service = fields._service!;
  const resolveService = service.resolve as GraphQLFieldResolver<unknown, GatewayContext>;
  service.resolve = (source, args, context, info) => {
    requireSchemaRead(context.caller);
    return resolveService(source, args, context, info);
  };
}

/** The error an `_entities` item gets for a representation this subgraph cannot resolve (as a value: graphql reports it at the item). */
function notAnEntity(index: number, expected: string): GatewayError {
  return new GatewayError(
    ErrorCode.BAD_USER_INPUT,
    `Representation ${index} names no entity type of this subgraph: its __typename should be ${expected}.`,
    { extensions: { fieldErrors: [{ field: "__typename", path: ["representations", String(index), "__typename"], messages: [`should be ${expected}`] }] } },
  );
}
