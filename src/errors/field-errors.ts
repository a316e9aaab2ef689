/** One input's messages, as a caller sees them in `extensions.fieldErrors`. */
export interface FieldError {
  /** The GraphQL name of the input (`firstName`, `billingAddress.city`), or null for `base`. */
  field: string | null;
  /** Where the input sits in the mutation's arguments (`["input", "firstName"]`), or null. */
  path: string[] | null;
  messages: string[];
}

/** Rails-style `errors` (attribute -> messages, nested for nested parameters). */
export type RailsErrors = Record<string, unknown>;

/**
 * Flattens Rails-style `errors` into field errors, in bePaid's order. `base` (on no
 * attribute) becomes `field: null`; nested keys join with dots. No message is ever dropped:
 * a value of an unexpected shape is kept as its string form.
 */
export function toFieldErrors(errors: RailsErrors, root: string[] = ["input"]): FieldError[] {
  const result: FieldError[] = [];
  const byField = new Map<string | null, FieldError>();

  const add = (keys: string[], message: string) => {
    const field = keys.length === 0 ? null : keys.join(".");
    let entry = byField.get(field);
    if (!entry) {
      entry = { field, path: field === null ? null : [...root, ...keys], messages: [] };
      byField.set(field, entry);
      result.push(entry);
    }
    entry.messages.push(message);
  };

  const walk = (keys: string[], value: unknown) => {
    if (Array.isArray(value)) {
      // A nested object is numbered by its place in the list; a message (or a null, which adds nothing) is not.
      value.forEach((item, index) => (typeof item === "object" ? walk([...keys, String(index)], item) : walk(keys, item)));
    } else if (typeof value === "object" && value !== null) {
      for (const [key, nested] of Object.entries(value)) {
        walk(key === "base" ? keys : [...keys, camelCase(key)], nested);
      }
    } else if (value !== null && value !== undefined && value !== "") {
      add(keys, String(value));
    }
  };

  walk([], errors);
  return result;
}

/** `first_name` -> `firstName`; names without underscores are left alone. */
export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Rails' full message for one attribute's message: "first_name" + "can't be blank" ->
 * "First name can't be blank"; `base` messages stand alone.
 */
export function fullMessage(attribute: string, message: string): string {
  if (attribute === "base") return message;
  const human = attribute.replace(/_/g, " ");
  return `${human.charAt(0).toUpperCase()}${human.slice(1)} ${message}`;
}
