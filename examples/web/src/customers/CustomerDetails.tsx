import type { CustomerFieldsFragment } from "../gql/graphql";
import { fullName } from "./full-name";

/** Every field bePaid keeps for a customer, as a description list. */
export function CustomerDetails({ customer }: { customer: CustomerFieldsFragment }) {
  const rows: [string, string | null | undefined][] = [
    ["Id", customer.id],
    ["Email", customer.email],
    ["Phone", customer.phone],
    ["Address", [customer.address, customer.city, customer.state, customer.zip, customer.country].filter(Boolean).join(", ")],
    ["External id", customer.externalId],
  ];
  return (
    <article className="details" aria-label={`Customer ${customer.id}`}>
      <h3>{fullName(customer) || "Unnamed customer"}</h3>
      <dl>
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value || <span className="muted">—</span>}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
