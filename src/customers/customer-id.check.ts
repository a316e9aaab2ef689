/** Longer than any id bePaid makes (`cst_` + 16 hex digits), far below any URL limit. */
const MAX_ID_LENGTH = 255;

/** Code points that are half a surrogate pair: such a string has no UTF-8 form, so no URL. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The gateway's own check of `customer(id:)`, before bePaid is called: the id must be one path
 * segment of `GET /customers/<id>`. Returns Rails-style errors keyed by `id` (empty when it
 * passes), as `checkCreateCustomerInput` does for a create.
 */
export function checkCustomerId(id: string): Record<string, string[]> {
  const errors: string[] = [];
  // An empty id would address GET /customers, the list, instead of one customer.
  if (id.trim() === "") errors.push("can't be blank");
  // URL parsing resolves dot segments: "." would read GET /customers/, ".." GET / (issue #7).
  if (id === "." || id === "..") errors.push(`can't be "." or ".."`);
  // encodeURIComponent throws on it; it is the caller's input, not the gateway's failure.
  if (LONE_SURROGATE.test(id)) errors.push("is not valid Unicode");
  // A huge one would come back from bePaid as a 414, which is the caller's mistake, not bePaid's
  // outage. Counted in characters, as the create's check counts its lengths.
  if ([...id].length > MAX_ID_LENGTH) errors.push(`is too long (maximum is ${MAX_ID_LENGTH} characters)`);
  return errors.length > 0 ? { id: errors } : {};
}
