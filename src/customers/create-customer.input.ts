import { Field, InputType } from "type-graphql";
import { sameAsCustomer } from "./customer-fields.js";
import type { Customer } from "./customer.type.js";

/** What `createCustomer` takes. Only the fields given are sent to bePaid. */
@InputType({ description: "A new customer. Only the fields given are sent to bePaid; `email` and `ip` are required." })
export class CreateCustomerInput implements Partial<Customer> {
  @Field(() => String, { nullable: true, description: sameAsCustomer("firstName") })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: sameAsCustomer("lastName") })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: sameAsCustomer("address") })
  address?: string | null;

  @Field(() => String, { nullable: true, description: sameAsCustomer("city") })
  city?: string | null;

  @Field(() => String, { nullable: true, description: sameAsCustomer("country") })
  country?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Billing ZIP or postal code. For `country: US` it must be NNNNN or NNNNN-NNNN.",
  })
  zip?: string | null;

  @Field(() => String, { nullable: true, description: "Two-letter state; required when the country is US or CA." })
  state?: string | null;

  @Field(() => String, { nullable: true, description: sameAsCustomer("phone") })
  phone?: string | null;

  @Field(() => String, { description: sameAsCustomer("email") })
  email!: string;

  @Field(() => String, { description: "IP address of the customer's device (IPv4 or IPv6)." })
  ip!: string;

  @Field(() => String, { nullable: true, description: sameAsCustomer("externalId") })
  externalId?: string | null;
}
