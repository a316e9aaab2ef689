import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CUSTOMER_FIELDS } from "./customer-fields.js";

/** A customer of the shop, as bePaid keeps it; a Federation entity, found by its id. */
// The key only shows in the subgraph schema (schema.ts); graphql-js prints no applied directive.
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A customer of the shop, as bePaid keeps it.",
  // Plain data fields: graphql-js's default resolver, without type-graphql's middleware wrapper per field.
  simpleResolvers: true,
})
export class Customer {
  @Field(() => ID, { description: CUSTOMER_FIELDS.id })
  id!: string;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.firstName })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.lastName })
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.address })
  address?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.city })
  city?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.country })
  country?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.zip })
  zip?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.state })
  state?: string | null;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.phone })
  phone?: string | null;

  @Field(() => String, { description: CUSTOMER_FIELDS.email })
  email!: string;

  @Field(() => String, { description: CUSTOMER_FIELDS.ip })
  ip!: string;

  @Field(() => String, { nullable: true, description: CUSTOMER_FIELDS.externalId })
  externalId?: string | null;
}
