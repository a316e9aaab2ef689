import type { BepaidCustomer } from "../bepaid/types.js";
import type { CustomerFilter } from "./customer-filter.input.js";

/** A filter made ready to test many records: its values lower-cased once. */
type Match = (record: BepaidCustomer) => boolean;

/**
 * The records `filter` keeps, in their order, tested on bePaid's records as they came (no
 * `Customer` is built for a record that is filtered out). With no filter field set, the same
 * array back. Cases are compared lower-cased (`toLowerCase`, locale-independent).
 */
export function filterCustomers(records: readonly BepaidCustomer[], filter: CustomerFilter | null | undefined): readonly BepaidCustomer[] {
  const match = compile(filter);
  return match ? records.filter(match) : records;
}

/** One test for every field given, or `undefined` when the filter keeps everything. */
function compile(filter: CustomerFilter | null | undefined): Match | undefined {
  if (!filter) return undefined;
  const tests: Match[] = [];
  const { email, externalId, country, search } = filter;
  if (email != null) {
    const wanted = email.toLowerCase();
    tests.push((record) => record.email.toLowerCase() === wanted);
  }
  if (externalId != null) tests.push((record) => record.external_id === externalId);
  if (country != null) {
    const wanted = country.toLowerCase();
    tests.push((record) => record.country?.toLowerCase() === wanted);
  }
  if (search != null && search !== "") {
    const wanted = search.toLowerCase();
    const has = (value: string | null | undefined) => value != null && value.toLowerCase().includes(wanted);
    tests.push(
      (record) => has(record.first_name) || has(record.last_name) || has(record.email) || has(record.phone) || has(record.city),
    );
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (record) => tests.every((test) => test(record));
}
