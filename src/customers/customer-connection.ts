import { badUserInput } from "../errors/to-graphql-error.js";
import { encodeCursor } from "./customer-cursor.js";
import type { CustomerConnection } from "./customer-connection.type.js";
import type { CustomerFilter } from "./customer-filter.input.js";
import { filterCustomers } from "./customer-filter.js";
import type { CustomerList } from "./customer-list.js";
import { toCustomer } from "./customer.mapper.js";
import { type PageArguments, readPageArguments, takePage } from "./customer-page.js";

/**
 * `customersConnection`: the arguments are checked before bePaid is called (`BAD_USER_INPUT`
 * at the argument, as the gateway's other input checks report them), then the operation's list is
 * filtered and paged on bePaid's records as they came; only the page's customers are mapped.
 */
export async function customerConnection(list: CustomerList, args: PageArguments, filter: CustomerFilter | null | undefined): Promise<CustomerConnection> {
  const key = list.cursorKey;
  const checked = readPageArguments(args, key);
  if ("errors" in checked) throw badUserInput(checked.errors, []);
  const all = await list.read();
  const kept = filterCustomers(all, filter);
  const taken = takePage(all, kept, checked.request);
  if ("errors" in taken) throw badUserInput(taken.errors, []);
  const { records, hasNextPage, hasPreviousPage } = taken.page;
  const edges = records.map((record) => ({ cursor: encodeCursor(key, record.id), node: toCustomer(record) }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: kept.length,
  };
}
