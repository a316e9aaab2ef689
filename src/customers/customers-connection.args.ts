import { ArgsType, Field, Int } from "type-graphql";
import { CustomerFilter } from "./customer-filter.input.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageArguments } from "./customer-page.js";

/** The arguments of `customersConnection`, in the Relay cursor connections spec's order. */
@ArgsType()
export class CustomersConnectionArgs implements PageArguments {
  @Field(() => Int, {
    nullable: true,
    description: `How many customers to take from the start of the window, from 1 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE} (unless \`last\` or \`before\` is given). Not with \`last\`.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Start after the customer this cursor (an edge's `cursor`, or `pageInfo.endCursor`) names." })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many customers to take from the end of the window, from 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when only \`before\` is given. Not with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "End before the customer this cursor (an edge's `cursor`, or `pageInfo.startCursor`) names." })
  before?: string | null;

  @Field(() => CustomerFilter, { nullable: true, description: "Which customers to page through; `totalCount` counts them. Unset: all." })
  filter?: CustomerFilter | null;
}
