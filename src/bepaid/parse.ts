import { type BepaidCustomer, OPTIONAL_CUSTOMER_FIELDS } from "./types.js";

/** What bePaid sent is not what its docs describe; the message says what was expected and what came. */
export class UnexpectedShapeError extends TypeError {
  override readonly name = "UnexpectedShapeError";
}

/**
 * Checks that `value` is a customer record as bePaid documents it and returns it typed.
 * Throws an {@link UnexpectedShapeError} saying what was expected and what came (never the value itself:
 * it holds personal data).
 */
export function parseCustomer(value: unknown): BepaidCustomer {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UnexpectedShapeError(`expected a customer object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const field of ["id", "email", "ip"] as const) {
    if (typeof record[field] !== "string" || record[field] === "") {
      throw new UnexpectedShapeError(`expected "${field}" to be a non-empty string, got ${describe(record[field])}`);
    }
  }
  for (const field of OPTIONAL_CUSTOMER_FIELDS) {
    const fieldValue = record[field];
    if (fieldValue !== undefined && fieldValue !== null && typeof fieldValue !== "string") {
      throw new UnexpectedShapeError(`expected "${field}" to be a string or null, got ${describe(fieldValue)}`);
    }
  }
  return record as unknown as BepaidCustomer;
}

/** Checks that `value` is the bare array `GET /customers` documents, and each item a customer. */
export function parseCustomerList(value: unknown): BepaidCustomer[] {
  if (!Array.isArray(value)) {
    throw new UnexpectedShapeError(`expected an array of customers, got ${describe(value)}`);
  }
  return value.map((item, index) => {
    try {
      return parseCustomer(item);
    } catch (error) {
      throw new UnexpectedShapeError(`item ${index}: ${(error as Error).message}`);
    }
  });
}

/** Names a JSON value's kind without showing its content. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
