import { requireScope, Scope } from "../auth/scopes.js";
import type { GatewayContext } from "../context.js";
import { badUserInput } from "../errors/to-graphql-error.js";
import { checkCustomerId } from "./customer-id.check.js";
import { toCustomer } from "./customer.mapper.js";
import type { Customer } from "./customer.type.js";

/**
 * Federation's `__resolveReference` for `Customer`: a router's `{ __typename: "Customer", id }`
 * becomes the customer, read through the operation's loader, so one `_entities` call with N
 * representations of M distinct ids costs M GETs. An unknown id is `null` with no error, as
 * `customer(id)` returns; failures throw the bePaid error, which formatError turns into the
 * contract's code at the representation's `_entities` path. It is a read, so it needs the
 * `customers:read` scope as `customer(id)` does.
 */
export async function resolveCustomerReference(reference: { id: unknown }, ctx: GatewayContext): Promise<Customer | null> {
  requireScope(ctx.caller, Scope.customersRead);
  // A representation is the router's JSON, not checked by GraphQL's types: an id must be an ID.
  const id = typeof reference.id === "number" ? String(reference.id) : reference.id;
  if (typeof id !== "string") throw badUserInput({ id: ["must be an ID"] }, []);
  return findCustomer(ctx, id);
}

/**
 * One customer by id, for `customer(id:)` and for references alike: the id is checked (one path
 * segment of `GET /customers/<id>`, else `BAD_USER_INPUT`) and read through the operation's
 * loader; `null` when bePaid does not know it.
 */
export async function findCustomer(ctx: GatewayContext, id: string): Promise<Customer | null> {
  const errors = checkCustomerId(id);
  if (Object.keys(errors).length > 0) throw badUserInput(errors, []);
  const record = await ctx.customers.load(id);
  return record && toCustomer(record);
}
