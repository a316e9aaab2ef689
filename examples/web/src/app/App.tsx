import { useState } from "react";
import { CreateCustomerForm } from "../customers/CreateCustomerForm";
import { CustomerLookup } from "../customers/CustomerLookup";
import { CustomerTable } from "../customers/CustomerTable";
import type { CustomerFieldsFragment } from "../gql/graphql";
import { runtimeConfig } from "../runtime-config";

/** The page: the list and the lookup on the left, the create form on the right. */
export function App() {
  const [created, setCreated] = useState<CustomerFieldsFragment[]>([]);
  const [chosen, setChosen] = useState<{ id: string; at: number } | undefined>(undefined);
  const view = (id: string) => {
    setChosen({ id, at: Date.now() });
    document.getElementById("lookup")?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  };
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <div>
            <h1>Customers</h1>
            <p className="muted">The shop's customers in bePaid, through the GraphQL gateway.</p>
          </div>
          <p className="gateway">
            Gateway <code>{runtimeConfig().gatewayUrl}</code>
          </p>
        </div>
      </header>
      <main className="layout">
        <div className="column">
          <CustomerTable created={created} onView={view} />
          <CustomerLookup chosen={chosen} />
        </div>
        <section className="card" aria-labelledby="create-title">
          <header className="card-header">
            <h2 id="create-title">New customer</h2>
          </header>
          <CreateCustomerForm onCreated={(customer) => setCreated((earlier) => [...earlier, customer])} />
        </section>
      </main>
    </>
  );
}
