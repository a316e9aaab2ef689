import type { CustomerField } from "./customer-fields";

/** Props of {@link FormField}. */
export interface FormFieldProps {
  field: CustomerField;
  /** bePaid's messages for this input, shown under it and read as its accessible description. */
  messages?: readonly string[];
}

/**
 * One labelled input. Its messages are its accessible description (`aria-describedby`) and mark
 * it `aria-invalid`, so a screen reader (or a test) hears "Zip, invalid entry, is invalid". The
 * required mark sits outside the label, so the input's name stays exactly its label; `required`
 * tells assistive technology and the form's own check (CreateCustomerForm) the same.
 */
export function FormField({ field, messages }: FormFieldProps) {
  const id = `customer-${field.name}`;
  const messageId = `${id}-message`;
  const invalid = messages !== undefined && messages.length > 0;
  return (
    <div className={field.wide ? "field field-wide" : "field"}>
      <div className="field-label">
        <label htmlFor={id}>{field.label}</label>
        {field.required && (
          <span className="required" aria-hidden="true">
            required
          </span>
        )}
      </div>
      <input
        id={id}
        name={field.name}
        type={field.type ?? "text"}
        autoComplete={field.autoComplete ?? "off"}
        required={field.required}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? messageId : undefined}
      />
      {invalid && (
        <p id={messageId} className="field-message">
          {messages.join("; ")}
        </p>
      )}
    </div>
  );
}
