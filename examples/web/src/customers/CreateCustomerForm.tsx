import { useApolloClient, useMutation } from "@apollo/client/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { describeFailure, type Failure } from "../errors/gateway-failure";
import { useIdempotencyKey } from "../idempotency/use-idempotency-key";
import { CUSTOMER_FIELD_NAMES, CUSTOMER_FIELDS, customerInput } from "./customer-fields";
import type { CustomerFieldsFragment } from "../gql/graphql";
import { CreateCustomerMutation, CustomerPageQuery } from "./customer.operations";
import { FormField } from "./FormField";

/** What the form reports up when a customer was created. */
export interface CreateCustomerFormProps {
  onCreated: (customer: CustomerFieldsFragment) => void;
}

/**
 * The create form. Each submission carries an `Idempotency-Key` (see useIdempotencyKey), and a
 * submission in flight ignores further clicks, so a double click makes one customer. An empty
 * required input (or an email the browser finds malformed) stops the form here, with the
 * browser's message on the input; bePaid's messages land on their inputs too; anything else in
 * the form's one alert. After a failure focus moves to the first marked input, else to the alert.
 */
export function CreateCustomerForm({ onCreated }: CreateCustomerFormProps) {
  const client = useApolloClient();
  const [createCustomer] = useMutation(CreateCustomerMutation);
  const { keyFor, settle } = useIdempotencyKey();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>(undefined);
  const [created, setCreated] = useState<{ id: string } | undefined>(undefined);
  // State updates land after the event; a ref stops a second click that arrives before they do.
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  // Each failure is a new object, so a second failed submit moves focus again.
  useEffect(() => {
    if (!failure) return;
    const marked = CUSTOMER_FIELDS.find(({ name }) => (failure.fields[name]?.length ?? 0) > 0);
    const input = marked ? formRef.current?.elements.namedItem(marked.name) : null;
    (input instanceof HTMLElement ? input : alertRef.current)?.focus();
  }, [failure]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const form = event.currentTarget;
    const missing = browserMessages(form);
    if (Object.keys(missing).length > 0) {
      setCreated(undefined);
      setFailure({ fields: missing, alerts: [], maybeCreated: false, answered: true });
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setCreated(undefined);
    const input = customerInput(new FormData(form));
    try {
      const { data } = await createCustomer({
        variables: { input },
        context: { headers: { "Idempotency-Key": keyFor(JSON.stringify(input)) } },
      });
      settle();
      setFailure(undefined);
      form.reset();
      if (data?.createCustomer) {
        setCreated(data.createCustomer);
        onCreated(data.createCustomer);
      }
    } catch (error) {
      const described = describeFailure(error, "create", CUSTOMER_FIELD_NAMES);
      if (described.answered) settle();
      setFailure(described);
      // "Check the list before trying again" needs a list that is current (its first page and total).
      if (described.maybeCreated) void client.refetchQueries({ include: [CustomerPageQuery] });
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  }

  return (
    // noValidate: the browser's own bubbles would not show bePaid's messages the same way; its checks run in submit().
    <form ref={formRef} className="customer-form" onSubmit={submit} noValidate aria-busy={submitting}>
      <p className="hint">
        Email and IP are required. For the US and Canada bePaid also needs a two-letter state and a valid zip.
      </p>
      {created && (
        <div role="status" className="notice notice-success">
          <p>
            Created customer <code className="created-id">{created.id}</code>.
          </p>
        </div>
      )}
      {failure && failure.alerts.length > 0 && (
        <div role="alert" className="notice notice-error" ref={alertRef} tabIndex={-1}>
          {failure.alerts.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      <div className="field-grid">
        {CUSTOMER_FIELDS.map((field) => (
          <FormField key={field.name} field={field} messages={failure?.fields[field.name]} />
        ))}
      </div>
      <div className="form-actions">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page. */}
        <button type="submit" className="button-primary" aria-disabled={submitting}>
          Create customer
        </button>
        {submitting && (
          <span className="muted" aria-hidden="true">
            Creating…
          </span>
        )}
      </div>
    </form>
  );
}

/** The browser's message for each input that fails its constraints (`required`, `type="email"`), by input name. */
function browserMessages(form: HTMLFormElement): Record<string, string[]> {
  const messages: Record<string, string[]> = {};
  for (const { name } of CUSTOMER_FIELDS) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement && !input.validity.valid) messages[name] = [input.validationMessage];
  }
  return messages;
}
