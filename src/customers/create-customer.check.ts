import { isIP } from "node:net";
import type { CreateCustomerInput } from "./create-customer.input.js";

/** bePaid's documented limit for `external_id`. */
const EXTERNAL_ID_MAX = 255;

/**
 * The gateway's own check of a create, before bePaid is called: only rules bePaid documents
 * and would refuse anyway, so a caller learns sooner and bePaid's quota is not spent. Returns
 * Rails-style errors keyed by bePaid's field names (empty when the input passes); bePaid stays
 * the authority on everything else.
 */
export function checkCreateCustomerInput(input: CreateCustomerInput): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (input.email.trim() === "") fail("email", "can't be blank");
  // bePaid's own response to a blank ip carries both messages, in this order.
  if (input.ip.trim() === "") {
    fail("ip", "address is invalid");
    fail("ip", "can't be blank");
  } else if (isIP(input.ip) === 0) {
    fail("ip", "address is invalid");
  }
  // Characters, as bePaid (Ruby) counts them, not UTF-16 units: an emoji is one, not two.
  if (input.externalId != null && [...input.externalId].length > EXTERNAL_ID_MAX) {
    fail("external_id", `is too long (maximum is ${EXTERNAL_ID_MAX} characters)`);
  }
  return errors;
}
