/**
 * Examples from bePaid's Customers API page (`shared/bepaid/customers-api-doc.txt`), copied
 * verbatim: the tests' independent record of what bePaid documents, shared by every test that
 * checks against it.
 */

/** The "list of customers" response example, as printed (key order and all). */
export const DOCS_LIST_TEXT = `[{"id":"cst_5ca4fab9dfc7fcbf","first_name":"John","last_name":"Doe","address":"1st Street","country":"US","city":"Denver","zip":"92006","state":"CO","phone":"+1-555-555-5555","email":"customer@example.com","ip":"127.0.0.1"},{"id":"cst_9f65045c1f4c3676","first_name":"Mark","last_name":"Dow","address":"2nd Street","country":"US","city":"Denver","zip":"90006","state":"CO","phone":"+1-551-548-5547","email":"customer.mark@example.com","ip":"10.10.0.4"}]`;

/** The same list, parsed. */
export const DOCS_LIST: readonly Record<string, string>[] = JSON.parse(DOCS_LIST_TEXT);

/** The "create a customer" request example, field for field. */
export const DOCS_CREATE_REQUEST = {
  first_name: "John",
  last_name: "Doe",
  address: "1st Street",
  country: "US",
  city: "Denver",
  zip: "92006",
  state: "CO",
  phone: "+1-555-555-5555",
  email: "customer@example.com",
  ip: "127.0.0.1",
};
