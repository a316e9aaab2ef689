/**
 * Every operation the app sends. Codegen turns each into a typed document and an entry of the
 * trusted-documents manifest (src/gql/persisted-documents.json), so the gateway runs them by id.
 */
import { graphql } from "../gql";

/** What the app shows of a customer, wherever it shows one. */
export const CustomerFieldsFragment = graphql(`
  fragment CustomerFields on Customer {
    id
    firstName
    lastName
    email
    phone
    country
    state
    city
    zip
    address
    externalId
  }
`);

/**
 * A page of the shop's customers, for the list: the first page, then each "Load more" after the
 * last loaded cursor (Apollo Client's `relayStylePagination` joins the pages, one list per
 * filter), narrowed by the search box through `filter.search`.
 */
export const CustomerPageQuery = graphql(`
  query CustomerPage($first: Int, $after: String, $filter: CustomerFilter) {
    customersConnection(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...CustomerFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

/** One customer by bePaid id, for the lookup. */
export const CustomerQuery = graphql(`
  query Customer($id: ID!) {
    customer(id: $id) {
      ...CustomerFields
    }
  }
`);

/** The create form's mutation. */
export const CreateCustomerMutation = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      ...CustomerFields
    }
  }
`);
