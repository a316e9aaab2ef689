import { isIP } from "node:net";
import { BASE, toErrorBody, type ErrorBody } from "./rails-errors.js";

/** The customer fields bePaid accepts, in the order its docs list them; errors follow this order. */
export const CUSTOMER_FIELDS = [
  "first_name",
  "last_name",
  "address",
  "city",
  "country",
  "zip",
  "state",
  "phone",
  "email",
  "ip",
  "external_id",
] as const;

/** One of {@link CUSTOMER_FIELDS}. */
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** The fields a client gave, already validated; a field not given is absent, never `undefined`. */
export type CustomerFields = Partial<Record<CustomerField, string>>;

/** The outcome of reading a `POST /customers` body: the fields to store, or bePaid's 422 body. */
export type CustomerInput = { ok: true; fields: CustomerFields } | { ok: false; error: ErrorBody };

// A rule sees the field's value (undefined when not given) and the customer's country, which
// decides whether zip and state are checked; it returns a message, or undefined when satisfied.
type Rule = (value: string | undefined, country: string | undefined) => string | undefined;

const isBlank = (value: string | undefined): boolean => value === undefined || value.trim() === "";

const required: Rule = (value) => (isBlank(value) ? "can't be blank" : undefined);

// Format checks skip blank values, like Rails' `allow_blank`: presence is a separate rule.
const matches =
  (pattern: RegExp): Rule =>
  (value) =>
    value === undefined || isBlank(value) || pattern.test(value) ? undefined : "is invalid";

const usZip = matches(/^\d{5}(-\d{4})?$/);

const RULES: Partial<Record<CustomerField, Rule[]>> = {
  country: [matches(/^[A-Z]{2}$/)],
  zip: [(value, country) => (country === "US" ? usZip(value, country) : undefined)],
  state: [
    (value, country) => (country === "US" || country === "CA" ? required(value, country) : undefined),
    matches(/^[A-Za-z]{2}$/),
  ],
  email: [required, matches(/^[^@\s]+@[^@\s]+\.[^@\s]+$/)],
  // bePaid's own example returns both messages for a missing ip, address check first.
  ip: [(value) => (isIP(value ?? "") === 0 ? "address is invalid" : undefined), required],
};

const MAX_LENGTH: Partial<Record<CustomerField, number>> = { first_name: 30, last_name: 30, city: 60 };
const DEFAULT_MAX_LENGTH = 255;

/**
 * Reads a `POST /customers` body as bePaid does: the customer's fields at the top level, unknown
 * keys ignored, `null` taken as not given. A body that is not a JSON object fails on `base`.
 */
export function parseCustomerInput(text: string): CustomerInput {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return baseError("Request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return baseError("Request body must be a JSON object");
  }
  return validate(body as Record<string, unknown>);
}

function validate(body: Record<string, unknown>): CustomerInput {
  const fields: CustomerFields = {};
  const errors: Record<string, string[]> = {};
  const country = typeof body.country === "string" ? body.country : undefined;
  for (const field of CUSTOMER_FIELDS) {
    const value = body[field] ?? undefined;
    const messages =
      typeof value === "string" || value === undefined ? check(field, value, country) : ["is invalid"];
    if (messages.length > 0) errors[field] = messages;
    else if (typeof value === "string") fields[field] = value;
  }
  return Object.keys(errors).length === 0 ? { ok: true, fields } : { ok: false, error: toErrorBody(errors) };
}

function check(field: CustomerField, value: string | undefined, country: string | undefined): string[] {
  const messages = (RULES[field] ?? []).map((rule) => rule(value, country));
  const max = MAX_LENGTH[field] ?? DEFAULT_MAX_LENGTH;
  // Ruby counts characters, not UTF-16 units: an emoji is one character towards the limit.
  if (value !== undefined && [...value].length > max) {
    messages.push(`is too long (maximum is ${max} characters)`);
  }
  return messages.filter((message): message is string => message !== undefined);
}

function baseError(message: string): CustomerInput {
  return { ok: false, error: toErrorBody({ [BASE]: [message] }) };
}
