import { Field, ObjectType } from "type-graphql";
import { Customer } from "./customer.type.js";

/** One customer of a page, with the cursor that names its place in the list. */
@ObjectType({ description: "One customer of a page, with the cursor that names its place in the list.", simpleResolvers: true })
export class CustomerEdge {
  @Field(() => String, {
    description: "Opaque; pass it as `after` or `before` to page from this customer. Valid for this shop while the customer exists.",
  })
  cursor!: string;

  @Field(() => Customer, { description: "The customer." })
  node!: Customer;
}
