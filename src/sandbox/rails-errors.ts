/** The key Rails files errors under when they belong to no attribute. */
export const BASE = "base";

/** Validation errors as bePaid (a Rails app) returns them, with a 422. */
export interface ErrorBody {
  /** Every full message, joined with ". ". */
  message: string;
  /** Attribute -> its messages, attributes in the order they were validated. */
  errors: Record<string, string[]>;
}

/**
 * Builds bePaid's 422 body from attribute -> messages, the way Rails' `full_messages` does:
 * "first_name" + "is too long…" reads "First name is too long…"; `base` messages stand alone.
 */
export function toErrorBody(errors: Record<string, string[]>): ErrorBody {
  const full = Object.entries(errors).flatMap(([attribute, messages]) =>
    messages.map((message) => (attribute === BASE ? message : `${humanize(attribute)} ${message}`)),
  );
  return { message: full.join(". "), errors };
}

/**
 * "first_name" -> "First name", "ip" -> "Ip", "external_id" -> "External id". Unlike Rails'
 * `humanize`, a trailing "_id" is kept: "External" alone would not say which field is wrong.
 */
function humanize(attribute: string): string {
  const words = attribute.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
