import { Field, InputType } from "type-graphql";
import type { Customer } from "./customer.type.js";

/** The customer fields a filter compares whole (`Pick` fails to compile if one is renamed). */
type ComparedFields = Pick<Customer, "email" | "externalId" | "country">;

/** What `customersConnection(filter:)` takes: every field given must hold (AND); null fields filter nothing. */
@InputType({
  description: "Which customers a page is taken from. Every field given must hold (they combine with AND); a null field, or an empty `search`, filters nothing.",
})
export class CustomerFilter implements Partial<Record<keyof ComparedFields, string | null>> {
  @Field(() => String, { nullable: true, description: "The customer's e-mail address, equal ignoring case." })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "The customer's id in the merchant's own system, exactly equal." })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: "The customer's country (ISO 3166-1 alpha-2, e.g. `US`), equal ignoring case." })
  country?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Text contained, ignoring case, in the customer's first name, last name, e-mail address, phone or city.",
  })
  search?: string | null;
}
