import type { Customer } from "./customer.type.js";

/**
 * What each field of {@link Customer} means, said once: the object type and the input types that
 * carry the same field (`CreateCustomerInput implements Partial<Customer>`) describe it alike.
 */
export const CUSTOMER_FIELDS = {
  id: "bePaid's id of the customer, e.g. `cst_7aee5afb954c7ef7`.",
  firstName: "First name of the customer.",
  lastName: "Last name of the customer.",
  address: "Street address of the customer.",
  city: "City of the customer.",
  country: "Country of the customer, ISO 3166-1 alpha-2 (e.g. `US`).",
  zip: "Billing ZIP or postal code of the customer.",
  state: "Two-letter state of the customer; bePaid requires it for the US and Canada only.",
  phone: "Phone number of the customer.",
  email: "E-mail address of the customer.",
  ip: "IP address of the customer's device.",
  externalId: "The customer's id in the merchant's own system (up to 255 characters).",
} as const satisfies Record<keyof Customer, string>;

/** The description of a {@link Customer} field, for an input type that carries the same field. */
export function sameAsCustomer(field: keyof typeof CUSTOMER_FIELDS): string {
  return CUSTOMER_FIELDS[field];
}
