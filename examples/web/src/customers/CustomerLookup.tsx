import { useLazyQuery } from "@apollo/client/react";
import { type FormEvent, useState } from "react";
import { describeFailure } from "../errors/gateway-failure";
import { CustomerQuery } from "./customer.operations";
import { CustomerDetails } from "./CustomerDetails";

/** Finds one customer by bePaid id, read afresh from bePaid each time. */
export function CustomerLookup() {
  const [findCustomer, { data, error, loading, called }] = useLazyQuery(CustomerQuery, { fetchPolicy: "network-only" });
  const [askedFor, setAskedFor] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get("id") ?? "").trim();
    if (id === "") return;
    setAskedFor(id);
    // Failures show from the hook's `error`; the promise's rejection is the same failure.
    findCustomer({ variables: { id } }).catch(() => {});
  }

  return (
    <section className="card" aria-labelledby="lookup-title">
      <header className="card-header">
        <h2 id="lookup-title">Find a customer</h2>
      </header>
      <form className="lookup-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="lookup-id">Customer id</label>
          <input id="lookup-id" name="id" autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button-secondary" disabled={loading}>
          Find customer
        </button>
      </form>
      {called && !loading && error && (
        <div role="status" className="notice notice-error">
          {describeFailure(error, "read").alerts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      {called && !loading && !error && data && (data.customer ? <CustomerDetails customer={data.customer} /> : <p className="empty">No customer has the id <code>{askedFor}</code>.</p>)}
    </section>
  );
}
