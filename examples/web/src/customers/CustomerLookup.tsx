import { useLazyQuery } from "@apollo/client/react";
import { type FormEvent, useEffect, useState } from "react";
import { describeFailure } from "../errors/gateway-failure";
import { CustomerQuery } from "./customer.operations";
import { CustomerDetails } from "./CustomerDetails";

/** Props of {@link CustomerLookup}. */
export interface CustomerLookupProps {
  /** An id chosen elsewhere (a row's Details), looked up as if typed in; `at` tells two choices of one id apart. */
  chosen?: { id: string; at: number };
}

/** Finds one customer by bePaid id, read afresh from bePaid each time. */
export function CustomerLookup({ chosen }: CustomerLookupProps) {
  const [findCustomer, { data, error, loading, called }] = useLazyQuery(CustomerQuery, { fetchPolicy: "network-only" });
  const [typed, setTyped] = useState("");
  const [askedFor, setAskedFor] = useState("");

  const find = (id: string) => {
    if (id === "") return;
    setAskedFor(id);
    // Failures show from the hook's `error`; the promise's rejection is the same failure.
    findCustomer({ variables: { id } }).catch(() => {});
  };
  useEffect(() => {
    if (!chosen) return;
    setTyped(chosen.id);
    find(chosen.id);
    // `find` is rebuilt every render; only a new choice should look anything up.
  }, [chosen]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    find(typed.trim());
  }

  return (
    <section className="card" id="lookup" aria-labelledby="lookup-title">
      <header className="card-header">
        <h2 id="lookup-title">Find a customer</h2>
      </header>
      <form className="lookup-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="lookup-id">Customer id</label>
          <input id="lookup-id" name="id" autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
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
