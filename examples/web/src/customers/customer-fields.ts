import type { CreateCustomerInput } from "../gql/graphql";

/** One input of the create form. */
export interface CustomerField {
  /** The input's field in `CreateCustomerInput`, which is also where bePaid's messages for it point. */
  name: keyof CreateCustomerInput & string;
  /** The visible `<label>`: people and tests find the input by it. */
  label: string;
  type?: "email" | "tel" | "text";
  autoComplete?: string;
  /** The gateway requires it: the input is `required`, and the form is not sent while it is empty. */
  required?: boolean;
  /** Takes a whole row of the form. */
  wide?: boolean;
}

/** The create form's inputs, in the order people fill them. */
export const CUSTOMER_FIELDS: readonly CustomerField[] = [
  { name: "firstName", label: "First name", autoComplete: "given-name" },
  { name: "lastName", label: "Last name", autoComplete: "family-name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email", required: true },
  { name: "phone", label: "Phone", type: "tel", autoComplete: "tel" },
  { name: "ip", label: "IP", required: true },
  { name: "externalId", label: "External id" },
  { name: "address", label: "Address", autoComplete: "street-address", wide: true },
  { name: "city", label: "City", autoComplete: "address-level2" },
  { name: "zip", label: "Zip", autoComplete: "postal-code" },
  { name: "state", label: "State", autoComplete: "address-level1" },
  { name: "country", label: "Country", autoComplete: "country" },
];

/** The names bePaid's messages can land on. */
export const CUSTOMER_FIELD_NAMES: ReadonlySet<string> = new Set(CUSTOMER_FIELDS.map(({ name }) => name));

/**
 * The mutation's input from the form: required fields always (one of blanks only passes the
 * browser's check and becomes empty here, and bePaid's "can't be blank" then lands on its input),
 * others only when filled in, as the gateway sends bePaid only fields given.
 */
export function customerInput(form: FormData): CreateCustomerInput {
  const input: Record<string, string> = {};
  for (const { name, required } of CUSTOMER_FIELDS) {
    const value = String(form.get(name) ?? "").trim();
    if (value !== "" || required) input[name] = value;
  }
  return input as unknown as CreateCustomerInput;
}
