import type { CustomerFieldsFragment } from "../gql/graphql";
import { fullName } from "./full-name";

/** Props of {@link CustomerRow}. */
export interface CustomerRowProps {
  customer: CustomerFieldsFragment;
  /** Marks a customer created on this page. */
  isNew?: boolean;
  /** Opens the customer's details (in the lookup). */
  onView: (id: string) => void;
}

/** One customer in the list: name, email, place, and a button to its details. */
export function CustomerRow({ customer, isNew = false, onView }: CustomerRowProps) {
  const name = fullName(customer);
  return (
    <tr className={isNew ? "row-new" : undefined}>
      <td>
        {name || <span className="muted">No name</span>}
        {isNew && <span className="badge">New</span>}
      </td>
      <td>{customer.email}</td>
      <td className="nowrap">{[customer.city, customer.state, customer.country].filter(Boolean).join(", ") || <span className="muted">—</span>}</td>
      <td className="actions">
        <button type="button" className="button-link" onClick={() => onView(customer.id)} aria-label={`Details of ${name || customer.email}`}>
          Details
        </button>
      </td>
    </tr>
  );
}
