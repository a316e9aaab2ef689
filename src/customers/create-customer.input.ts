import { Field, InputType } from "type-graphql";

/** What `createCustomer` takes. Only the fields given are sent to bePaid. */
@InputType({ description: "A new customer. Only the fields given are sent to bePaid; `email` and `ip` are required." })
export class CreateCustomerInput {
  @Field(() => String, { nullable: true, description: "First name of the customer." })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: "Last name of the customer." })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: "Street address of the customer." })
  address?: string | null;

  @Field(() => String, { nullable: true, description: "City of the customer." })
  city?: string | null;

  @Field(() => String, { nullable: true, description: "Country of the customer, ISO 3166-1 alpha-2 (e.g. `US`)." })
  country?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Billing ZIP or postal code. For `country: US` it must be NNNNN or NNNNN-NNNN.",
  })
  zip?: string | null;

  @Field(() => String, { nullable: true, description: "Two-letter state; required when the country is US or CA." })
  state?: string | null;

  @Field(() => String, { nullable: true, description: "Phone number of the customer." })
  phone?: string | null;

  @Field(() => String, { description: "E-mail address of the customer." })
  email!: string;

  @Field(() => String, { description: "IP address of the customer's device (IPv4 or IPv6)." })
  ip!: string;

  @Field(() => String, {
    nullable: true,
    description: "The customer's id in the merchant's own system (up to 255 characters).",
  })
  externalId?: string | null;
}
