import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";
import type { RuntimeConfig } from "../runtime-config";
import { documentHash, documentText } from "./persisted-documents";

/**
 * Where operations go: the app's own origin, whose server forwards them to the gateway
 * (scripts/graphql-proxy.ts), so the browser makes no cross-origin call and no gateway needs CORS.
 */
const GRAPHQL_PATH = "/graphql";

/**
 * The app's Apollo Client: every operation goes out by id (Apollo's persisted-query extension,
 * `extensions.persistedQuery.sha256Hash`), never as text unless the gateway asks for it: a gateway
 * with no manifest (`npm start`) answers an id it has not seen with PERSISTED_QUERY_NOT_FOUND, and
 * the link then sends the manifest's text with the id, which the gateway keeps for next time.
 */
export function createApolloClient({ token }: RuntimeConfig) {
  const http = new HttpLink({
    uri: GRAPHQL_PATH,
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
