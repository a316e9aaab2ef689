import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requiresScope, Scope } from "../auth/scopes.js";
import type { GatewayContext } from "../context.js";
import { badUserInput } from "../errors/to-graphql-error.js";
import { checkCreateCustomerInput } from "./create-customer.check.js";
import { findCustomer } from "./customer.reference.js";
import { CreateCustomerInput } from "./create-customer.input.js";
import { customerConnection } from "./customer-connection.js";
import { CustomerConnection } from "./customer-connection.type.js";
import { CustomersConnectionArgs } from "./customers-connection.args.js";
import { toCreateCustomerBody, toCustomer, toCustomers } from "./customer.mapper.js";
import { Customer } from "./customer.type.js";

/**
 * The Customers API: read through the per-operation loader, create straight through the client.
 * `@Authorized` names the scope an access token needs (checked by `scopeChecker` before bePaid).
 */
@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized(Scope.customersRead)
  @Query(() => Customer, {
    nullable: true,
    description: `One customer by bePaid id; null, with no error, when bePaid does not know the id. ${requiresScope(Scope.customersRead)}`,
  })
  async customer(
    @Arg("id", () => ID, { description: "bePaid's id of the customer, e.g. `cst_7aee5afb954c7ef7`." }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<Customer | null> {
    return findCustomer(ctx, id);
  }

  @Authorized(Scope.customersRead)
  @Query(() => [Customer], { description: `Every customer of the shop, as bePaid lists them. ${requiresScope(Scope.customersRead)}` })
  async customers(@Ctx() ctx: GatewayContext): Promise<readonly Customer[]> {
    return toCustomers(await ctx.customerList.read());
  }

  @Authorized(Scope.customersRead)
  @Query(() => CustomerConnection, {
    description: `A page of the shop's customers, in bePaid's order, filtered and paged by the gateway as the Relay cursor connections spec describes (bePaid answers the whole list at once). Page forwards with \`first\` and \`after\`, backwards with \`last\` and \`before\`. ${requiresScope(Scope.customersRead)}`,
  })
  async customersConnection(
    @Args(() => CustomersConnectionArgs) { filter, ...page }: CustomersConnectionArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<CustomerConnection> {
    return customerConnection(ctx.customerList, page, filter);
  }

  @Authorized(Scope.customersWrite)
  @Mutation(() => Customer, {
    nullable: true,
    description: `Creates a customer in bePaid. Sent once, never retried: on \`UPSTREAM_OUTCOME_UNKNOWN\` look the customer up before trying again. Send an \`Idempotency-Key\` header to make a retry of the same input safe for 24 hours. ${requiresScope(Scope.customersWrite)}`,
  })
  async createCustomer(
    @Arg("input", () => CreateCustomerInput, { description: "The new customer's details." }) input: CreateCustomerInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<Customer | null> {
    const errors = checkCreateCustomerInput(input);
    if (Object.keys(errors).length > 0) throw badUserInput(errors);
    // The key's fingerprint is what bePaid would be sent: `lastName: null` and no `lastName` are one input.
    const body = toCreateCustomerBody(input);
    return ctx.idempotent(body, async () => toCustomer(await ctx.bepaid.createCustomer(body)));
  }
}
