import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { ValidationRule } from "graphql";
import type { GatewayConfig } from "../config.js";
import { lookupCapListener } from "../apollo/lookup-cap.listener.js";

/**
 * Everything that refuses an operation before it runs: graphql-armor's aliases, depth, directives
 * and cost limits, graphql-js's token limit, and the cap on distinct bePaid lookups. Refusals get HTTP 400
 * with `GRAPHQL_VALIDATION_FAILED` and a message naming the limit. Apollo caches validated
 * documents, so a repeated operation pays for none of this.
 */
export function operationLimits(limits: GatewayConfig["limits"]): {
  plugins: ApolloServerPlugin[];
  /** Listeners built once, for the gateway's combined plugin (src/apollo/listeners.plugin.ts). */
  listeners: GraphQLRequestListener<BaseContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases },
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    // Counted by graphql-js's own parser instead (Apollo's parseOptions): refused with a 400, not a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, flattenFragments: true },
    // Apollo's own plugin hides suggestions in production; outside it they help developers.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    // armor is typed against Apollo's CJS build and we load its ESM build: the same objects either way.
    plugins: armor.plugins as unknown as ApolloServerPlugin[],
    listeners: [lookupCapListener(limits.maxLookups)],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
