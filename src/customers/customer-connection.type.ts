import { Field, Int, ObjectType } from "type-graphql";
import { CustomerEdge } from "./customer-edge.type.js";
import { PageInfo } from "./page-info.type.js";

/** A page of the shop's customers, as a Relay cursor connection. */
@ObjectType({
  description: "A page of the shop's customers in bePaid's order, as a Relay cursor connection (Apollo Client's `relayStylePagination` reads it as it is).",
  simpleResolvers: true,
})
export class CustomerConnection {
  @Field(() => [CustomerEdge], { description: "The page's customers, each with its cursor." })
  edges!: CustomerEdge[];

  @Field(() => PageInfo, { description: "Where the page sits in the list, and the cursors to page on from it." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "How many customers the filter keeps, over every page." })
  totalCount!: number;
}
