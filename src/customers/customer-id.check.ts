import { badUserInput } from "../errors/to-graphql-error.js";

/** Longer than any id bePaid makes (`cst_` + 16 hex digits), far below any URL limit. */
const MAX_ID_LENGTH = 255;

/**
 * Refuses a customer id bePaid could not be asked for as one customer, as `BAD_USER_INPUT`:
 * an empty id would address `GET /customers`, the list, instead of one customer; a huge one
 * would come back from bePaid as a 414, which is the caller's mistake, not bePaid's outage.
 */
export function checkCustomerId(id: string): void {
  if (id.trim() === "") throw badUserInput({ id: ["can't be blank"] }, []);
  if (id.length > MAX_ID_LENGTH) throw badUserInput({ id: [`is too long (maximum is ${MAX_ID_LENGTH} characters)`] }, []);
}
