import { useQuery } from "@apollo/client/react";
import { describeFailure } from "../errors/gateway-failure";
import { CustomersQuery } from "./customer.operations";
import { fullName } from "./full-name";

/** Props of {@link CustomerTable}. */
export interface CustomerTableProps {
  /** A customer to mark as just created. */
  highlightId?: string;
}

/** The shop's customers, newest last as bePaid lists them, with a way to reload. */
export function CustomerTable({ highlightId }: CustomerTableProps) {
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
                <th scope="col">Id</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((customer) => (
                <tr key={customer.id} className={customer.id === highlightId ? "row-new" : undefined}>
                  <td>{fullName(customer) || <span className="muted">No name</span>}</td>
                  <td>{customer.email}</td>
                  <td>{[customer.city, customer.state, customer.country].filter(Boolean).join(", ") || <span className="muted">—</span>}</td>
                  <td className="nowrap">
                    <code>{customer.id}</code>
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
