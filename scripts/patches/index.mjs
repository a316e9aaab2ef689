/**
 * Every dependency patch `scripts/patch-dependencies.mjs` applies at install, each described in
 * its own file. `bench/stock-apollo.mjs` reads them too, to undo Apollo's for the benchmark's
 * plain server.
 */
import apolloAcceptNegotiation from "./apollo-accept-negotiation.mjs";
import apolloCsrfContentType from "./apollo-csrf-content-type.mjs";
import apolloGatewayContext from "./apollo-gateway-context.mjs";
import apolloGatewayExecute from "./apollo-gateway-execute.mjs";
import apolloQueryHash from "./apollo-query-hash.mjs";
import kyRequestSignal from "./ky-request-signal.mjs";

/** @type {import("../patch-dependencies.mjs").DependencyPatch[]} */
export const PATCHES = [apolloAcceptNegotiation, apolloCsrfContentType, apolloGatewayContext, apolloGatewayExecute, apolloQueryHash, kyRequestSignal];
