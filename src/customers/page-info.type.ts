import { Directive, Field, ObjectType } from "type-graphql";

/** Where a page sits in its list, as the Relay cursor connections spec defines it. */
// Shareable in the subgraph schema: other subgraphs commonly define the same Relay type.
@Directive("@shareable")
@ObjectType({ description: "Where a page sits in its list (the Relay cursor connections spec's PageInfo).", simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean, { description: "More customers follow the page: ask for them with `first` and `after: endCursor`." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Customers come before the page: ask for them with `last` and `before: startCursor`." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the page's first customer; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the page's last customer; null when the page is empty." })
  endCursor!: string | null;
}
