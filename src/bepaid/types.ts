/** The fields of a bePaid customer, as bePaid names them (snake_case). */
export interface BepaidCustomerFields {
  first_name?: string | null;
  last_name?: string | null;
  address?: string | null;
  city?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
  zip?: string | null;
  state?: string | null;
  phone?: string | null;
  email: string;
  ip: string;
  /** The customer's id in the merchant's own system (newer docs; up to 255 characters). */
  external_id?: string | null;
}

/** The optional fields of a customer, as bePaid names them: the one list the parser checks. */
export const OPTIONAL_CUSTOMER_FIELDS = [
  "first_name",
  "last_name",
  "address",
  "city",
  "country",
  "zip",
  "state",
  "phone",
  "external_id",
] as const satisfies readonly Exclude<keyof BepaidCustomerFields, "email" | "ip">[];

/** A customer as bePaid returns it. */
export interface BepaidCustomer extends BepaidCustomerFields {
  /** `cst_` + 16 hex digits in every example; no format is documented. */
  id: string;
}

/** The body of `POST /customers`: only the fields the caller gave. */
export type BepaidCreateCustomerBody = Partial<Record<keyof BepaidCustomerFields, string>> &
  Pick<BepaidCustomerFields, "email" | "ip">;

/** A Rails-style error body: `errors` maps attributes (possibly nested) to messages. */
export interface BepaidErrorBody {
  message?: string;
  errors?: Record<string, unknown>;
}

/** The server-held or caller-given credentials bePaid authenticates with (HTTP Basic). */
export interface BepaidCredentials {
  shopId: string;
  secretKey: string;
}
