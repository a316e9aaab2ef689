import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";
import type { RuntimeConfig } from "../runtime-config";
import { documentHash, documentText } from "./persisted-documents";

/**
 * The app's Apollo Client: every operation goes out by id (Apollo's persisted-query extension,
 * `extensions.persistedQuery.sha256Hash`), never as text unless the gateway asks for it.
 */
export function createApolloClient({ gatewayUrl, token }: RuntimeConfig) {
  const http = new HttpLink({
    uri: gatewayUrl,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    print: (document) => documentText(document),
  });
  const byId = new PersistedQueryLink({ generateHash: (document) => documentHash(document) });
  return new ApolloClient({
    link: byId.concat(http),
    cache: new InMemoryCache({
      // "Load more" appends the next page to the loaded ones; each search is a list of its own.
      typePolicies: { Query: { fields: { customersConnection: relayStylePagination(["filter"]) } } },
    }),
    // The list must show what bePaid holds now (the gateway caches nothing across operations).
    defaultOptions: { watchQuery: { fetchPolicy: "cache-and-network" } },
  });
}
