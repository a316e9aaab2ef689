/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation CreateCustomer($input: CreateCustomerInput!) {\n  createCustomer(input: $input) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}": typeof types.CreateCustomerDocument,
    "query Customer($id: ID!) {\n  customer(id: $id) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}": typeof types.CustomerDocument,
    "query CustomersPage($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter) {\n  customersConnection(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    filter: $filter\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        country\n        externalId\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    totalCount\n  }\n}": typeof types.CustomersPageDocument,
    "query Customers {\n  customers {\n    id\n    firstName\n    lastName\n    email\n    country\n  }\n}": typeof types.CustomersDocument,
};
const documents: Documents = {
    "mutation CreateCustomer($input: CreateCustomerInput!) {\n  createCustomer(input: $input) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}": types.CreateCustomerDocument,
    "query Customer($id: ID!) {\n  customer(id: $id) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}": types.CustomerDocument,
    "query CustomersPage($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter) {\n  customersConnection(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    filter: $filter\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        country\n        externalId\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    totalCount\n  }\n}": types.CustomersPageDocument,
    "query Customers {\n  customers {\n    id\n    firstName\n    lastName\n    email\n    country\n  }\n}": types.CustomersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateCustomer($input: CreateCustomerInput!) {\n  createCustomer(input: $input) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}"): (typeof documents)["mutation CreateCustomer($input: CreateCustomerInput!) {\n  createCustomer(input: $input) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Customer($id: ID!) {\n  customer(id: $id) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}"): (typeof documents)["query Customer($id: ID!) {\n  customer(id: $id) {\n    id\n    firstName\n    lastName\n    address\n    city\n    country\n    zip\n    state\n    phone\n    email\n    ip\n    externalId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomersPage($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter) {\n  customersConnection(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    filter: $filter\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        country\n        externalId\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    totalCount\n  }\n}"): (typeof documents)["query CustomersPage($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter) {\n  customersConnection(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    filter: $filter\n  ) {\n    edges {\n      cursor\n      node {\n        id\n        firstName\n        lastName\n        email\n        phone\n        city\n        country\n        externalId\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    totalCount\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Customers {\n  customers {\n    id\n    firstName\n    lastName\n    email\n    country\n  }\n}"): (typeof documents)["query Customers {\n  customers {\n    id\n    firstName\n    lastName\n    email\n    country\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;