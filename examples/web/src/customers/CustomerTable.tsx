import { useQuery } from "@apollo/client/react";
import { describeFailure } from "../errors/gateway-failure";
import { CustomersQuery } from "./customer.operations";
import { fullName } from "./full-name";

/** Props of {@link CustomerTable}. */
export interface CustomerTableProps {
  /** A customer to mark as just created. */
  highlightId?: string;
  /** Opens a customer's details (in the lookup). */
  onView: (id: string) => void;
}

/**
 * The shop's customers, as bePaid lists them, with a way to reload. Ids are not printed in the
 * rows (the created one shows in the form, any one in its details), so an id on the page is
 * the one a person just made or asked for.
 */
export function CustomerTable({ highlightId, onView }: CustomerTableProps) {
  const { data, error, loading, refetch } = useQuery(CustomersQuery);
  const customers = data?.customers ?? [];
  return (
    <section className="card" aria-labelledby="customers-title">
      <header className="card-header">
        <div>
          <h2 id="customers-title">Customers</h2>
          <p className="muted">{data ? countLabel(customers.length) : loading ? "Loading customers…" : "\u00a0"}</p>
        </div>
        <button type="button" className="button-secondary" onClick={() => void refetch().catch(() => {})} disabled={loading}>
          Reload list
        </button>
      </header>
      {error && (
        <div role="status" className="notice notice-error">
          {describeFailure(error, "read").alerts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      {data && customers.length === 0 && <p className="empty">No customers yet. Create the first one with the form.</p>}
      {customers.length > 0 && (
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
              {customers.map((customer) => (
                <tr key={customer.id} className={customer.id === highlightId ? "row-new" : undefined}>
                  <td className="nowrap">{fullName(customer) || <span className="muted">No name</span>}</td>
                  <td>{customer.email}</td>
                  <td className="nowrap">{[customer.city, customer.state, customer.country].filter(Boolean).join(", ") || <span className="muted">—</span>}</td>
                  <td className="actions">
                    <button type="button" className="button-link" onClick={() => onView(customer.id)} aria-label={`Details of ${fullName(customer) || customer.email}`}>
                      Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** "1 customer", "12 customers". */
function countLabel(count: number): string {
  return count === 1 ? "1 customer" : `${count} customers`;
}
