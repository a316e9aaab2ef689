import type { BepaidCreateCustomerBody, BepaidCustomer, BepaidCustomerFields } from "../bepaid/types.js";
import type { CreateCustomerInput } from "./create-customer.input.js";
import type { Customer } from "./customer.type.js";

type CustomerField = Exclude<keyof Customer, "id">;

/** GraphQL field -> bePaid field, for every customer field but `id`. */
export const BEPAID_FIELD: Readonly<Record<CustomerField, keyof BepaidCustomerFields>> = {
  firstName: "first_name",
  lastName: "last_name",
  address: "address",
  city: "city",
  country: "country",
  zip: "zip",
  state: "state",
  phone: "phone",
  email: "email",
  ip: "ip",
  externalId: "external_id",
};

const FIELDS = Object.entries(BEPAID_FIELD) as [CustomerField, keyof BepaidCustomerFields][];

/**
 * bePaid's record -> the GraphQL `Customer`; fields bePaid left out read as null. Written out
 * rather than looped over {@link BEPAID_FIELD}: one object literal is built far faster than
 * twelve keyed stores, and a list read maps every customer of the shop; the type makes a
 * missing field a compile error, and a test checks it agrees with BEPAID_FIELD.
 */
export function toCustomer(record: BepaidCustomer): Customer {
  const customer: Record<keyof Customer, string | null> = {
    id: record.id,
    firstName: record.first_name ?? null,
    lastName: record.last_name ?? null,
    address: record.address ?? null,
    city: record.city ?? null,
    country: record.country ?? null,
    zip: record.zip ?? null,
    state: record.state ?? null,
    phone: record.phone ?? null,
    email: record.email,
    ip: record.ip,
    externalId: record.external_id ?? null,
  };
  return customer as unknown as Customer;
}

/** Lists already mapped, by the records they came from (weakly: a list goes when its records go). */
const mappedLists = new WeakMap<readonly BepaidCustomer[], readonly Customer[]>();

/**
 * A shop's list -> GraphQL customers, mapped once per list: an unchanged list comes back from
 * the client as the same records (`UnchangedLists`), and the list cache serves one list to many
 * operations, so every operation reading it gets the same customers. Never change them.
 */
export function toCustomers(records: readonly BepaidCustomer[]): readonly Customer[] {
  let customers = mappedLists.get(records);
  if (!customers) mappedLists.set(records, (customers = records.map(toCustomer)));
  return customers;
}

/** The GraphQL input -> bePaid's create body, with only the fields the caller gave. */
export function toCreateCustomerBody(input: CreateCustomerInput): BepaidCreateCustomerBody {
  const body: Partial<Record<keyof BepaidCustomerFields, string>> = {};
  for (const [field, bepaidField] of FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== null) body[bepaidField] = value;
  }
  return body as BepaidCreateCustomerBody;
}
