import type { AuthCheckerFn } from "type-graphql";
import type { GatewayContext } from "../context.js";
import type { Caller } from "./caller.js";
import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";

/** The scopes an access token may grant, and the fields that need them (`@Authorized(Scope.…)`). */
export const Scope = {
  /** `customer`, `customers`. */
  customersRead: "customers:read",
  /** `createCustomer`. */
  customersWrite: "customers:write",
  /** Federation's `_service { sdl }` in production. */
  schemaRead: "schema:read",
} as const;

/** One of {@link Scope}'s values. */
export type Scope = (typeof Scope)[keyof typeof Scope];

/** The sentence a field's description ends with, so Sandbox and generated code show the scope. */
export function requiresScope(scope: Scope): string {
  return `Requires the \`${scope}\` scope when called with an access token.`;
}

/**
 * Throws `FORBIDDEN` with `requiredScope` unless the caller holds `scope`; static tokens,
 * pass-through and anonymous callers hold every scope. For reads that no `@Authorized` field
 * guards, such as Federation's `_entities`.
 */
export function requireScope(caller: Caller, scope: Scope): void {
  if (caller.scopes === "all" || caller.scopes.has(scope)) return;
  throw new GatewayError(ErrorCode.FORBIDDEN, `This operation needs the \`${scope}\` scope, which the access token does not grant.`, {
    extensions: { requiredScope: scope },
  });
}

/**
 * Throws `FORBIDDEN` with `requiredScope: "schema:read"` unless the caller may read the schema
 * while introspection is off (production): a static token, or an access token holding
 * `schema:read`. Pass-through and anonymous callers, who hold every scope for data, may not:
 * the schema is the gateway's, not theirs.
 */
export function requireSchemaRead(caller: Caller): void {
  // Only access tokens hold a set of scopes; every other caller holds "all" of data's.
  if (caller.kind === "token" || (caller.scopes !== "all" && caller.scopes.has(Scope.schemaRead))) return;
  throw new GatewayError(ErrorCode.FORBIDDEN, "Reading the schema needs a static token, or an access token with the `schema:read` scope.", {
    extensions: { requiredScope: Scope.schemaRead },
  });
}

/**
 * type-graphql's `authChecker`: runs before a field marked `@Authorized(scope)` resolves, so a
 * refused field never calls bePaid; the caller gets `FORBIDDEN` at that field (HTTP 200; the
 * operation's other fields still resolve). It throws (see {@link requireScope}) rather than
 * returning `false`, which would make type-graphql's own error without the code.
 */
export const scopeChecker: AuthCheckerFn<GatewayContext, Scope> = ({ context }, required) => {
  for (const scope of required) requireScope(context.caller, scope);
  return true;
};
