import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { describeFailure } from "../errors/gateway-failure";
import type { CustomerFieldsFragment } from "../gql/graphql";
import { CustomerPageQuery } from "./customer.operations";
import { CustomerRow } from "./CustomerRow";
import { CustomerSearch } from "./CustomerSearch";

/** Customers per page: the first one, and each "Load more". */
const PAGE_SIZE = 20;

/** Props of {@link CustomerTable}. */
export interface CustomerTableProps {
  /** Customers created on this page, oldest first. */
  created: readonly CustomerFieldsFragment[];
  /** Opens a customer's details (in the lookup). */
  onView: (id: string) => void;
}

/**
 * The shop's customers in bePaid's order, a page at a time ("Load more"), narrowed by the search
 * box. Ids are not printed in the rows (the created one shows in the form, any one in its
 * details), so an id on the page is the one a person just made or asked for.
 */
export function CustomerTable({ created, onView }: CustomerTableProps) {
  const [search, setSearch] = useState("");
  const { data, previousData, error, loading, networkStatus, fetchMore, refetch } = useQuery(CustomerPageQuery, {
    variables: { first: PAGE_SIZE, filter: search === "" ? null : { search } },
    notifyOnNetworkStatusChange: true,
  });
  const connection = (data ?? previousData)?.customersConnection;
  const customers = connection?.edges.map((edge) => edge.node) ?? [];
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  const loadMore = () => {
    if (connection) void fetchMore({ variables: { after: connection.pageInfo.endCursor } }).catch(() => {});
  };

  // bePaid lists a new customer last: once the list is loaded to its end, load what follows it.
  const latest = created.at(-1)?.id;
  useEffect(() => {
    if (latest && connection && !connection.pageInfo.hasNextPage) loadMore();
  }, [latest]);
  const createdIds = new Set(created.map((customer) => customer.id));
  const loadedIds = new Set(customers.map((customer) => customer.id));
  // Until the list reaches them, customers created here show on top, marked new (not while searching).
  const pinned = search === "" ? created.filter((customer) => !loadedIds.has(customer.id)) : [];

  return (
    <section className="card" aria-labelledby="customers-title" aria-busy={loading}>
      <header className="card-header">
        <div>
          <h2 id="customers-title">Customers</h2>
          <p className="muted" id="customers-count" aria-live="polite">
            {connection ? countLabel(customers.length, connection.totalCount, search) : loading ? "Loading customers…" : "\u00a0"}
          </p>
        </div>
        <button type="button" className="button-secondary" onClick={() => void refetch().catch(() => {})} disabled={loading}>
          Reload list
        </button>
      </header>
      <CustomerSearch onSearch={setSearch} />
      {pinned.length > 0 && (
        <p className="hint">Customers created here show first, marked New, until “Load more” reaches them at the end of the list.</p>
      )}
      {error && (
        <div role="status" className="notice notice-error">
          {describeFailure(error, "read").alerts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      {connection && customers.length === 0 && pinned.length === 0 && (
        <p className="empty">{search === "" ? "No customers yet. Create the first one with the form." : `No customer matches “${search}”.`}</p>
      )}
      {customers.length + pinned.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Location</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pinned.map((customer) => (
                <CustomerRow key={customer.id} customer={customer} isNew onView={onView} />
              ))}
              {customers.map((customer) => (
                <CustomerRow key={customer.id} customer={customer} isNew={createdIds.has(customer.id)} onView={onView} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {connection?.pageInfo.hasNextPage && (
        <footer className="list-footer">
          <button type="button" className="button-secondary" onClick={loadMore} disabled={loadingMore}>
            Load more
          </button>
          <span className="muted" aria-live="polite">
            {loadingMore ? "Loading…" : `${connection.totalCount - customers.length} more`}
          </span>
        </footer>
      )}
    </section>
  );
}

/** "Showing 20 of 45 customers", "3 customers match “vil”", "1 customer matches “ada@”". */
function countLabel(shown: number, total: number, search: string): string {
  const customers = total === 1 ? "1 customer" : `${total} customers`;
  if (search !== "") return `${customers} ${total === 1 ? "matches" : "match"} “${search}”${shown < total ? `, showing ${shown}` : ""}`;
  return shown < total ? `Showing ${shown} of ${customers}` : total === 0 ? "No customers" : `All ${customers}`;
}
