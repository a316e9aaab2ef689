/** The seeded customers every sandbox starts with (bePaid's docs' example). */
export const JOHN = "cst_5ca4fab9dfc7fcbf";
export const MARK = "cst_9f65045c1f4c3676";
/** Their first names, to check an answer is the right customer and not just a customer. */
export const FIRST_NAMES: Readonly<Record<string, string>> = { [JOHN]: "John", [MARK]: "Mark" };

/** The soak's GraphQL documents, written as a frontend would. */
export const GET = "query GetCustomer($id: ID!) { customer(id: $id) { id firstName email } }";
export const LIST = "query ListCustomers { customers { id } }";
export const SEVERAL =
  "query SeveralCustomers($a: ID!, $b: ID!, $c: ID!, $d: ID!) { a: customer(id: $a) { id firstName } b: customer(id: $b) { id firstName } c: customer(id: $c) { id } d: customer(id: $d) { id } }";
export const CREATE = "mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id email } }";
