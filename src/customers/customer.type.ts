import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A customer of the shop, as bePaid keeps it; a Federation entity, found by its id. */
// The key only shows in the subgraph schema (schema.ts); graphql-js prints no applied directive.
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A customer of the shop, as bePaid keeps it. Subscriptions are attached to customers.",
  // Plain data fields: graphql-js's default resolver, without type-graphql's middleware wrapper per field.
  simpleResolvers: true,
})
export class Customer {
  @Field(() => ID, { description: "bePaid's id of the customer, e.g. `cst_7aee5afb954c7ef7`." })
  id!: string;

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

  @Field(() => String, { nullable: true, description: "Billing ZIP or postal code of the customer." })
  zip?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Two-letter state of the customer; bePaid requires it for the US and Canada only.",
  })
  state?: string | null;

  @Field(() => String, { nullable: true, description: "Phone number of the customer." })
  phone?: string | null;

  @Field(() => String, { description: "E-mail address of the customer." })
  email!: string;

  @Field(() => String, { description: "IP address of the customer's device." })
  ip!: string;

  @Field(() => String, {
    nullable: true,
    description: "The customer's id in the merchant's own system (up to 255 characters).",
  })
  externalId?: string | null;
}
