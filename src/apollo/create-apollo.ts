import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GatewayConfig } from "../config.js";
import type { GatewayContext } from "../context.js";
import { createErrorFormatter } from "../errors/format-error.js";
import { compiledExecutionPlugin } from "./compiled-execution.plugin.js";
import { listenersPlugin } from "./listeners.plugin.js";
import { KnownOperationTypesRule } from "./known-operation-types.rule.js";
import { NoIntrospectionRule } from "./no-introspection.rule.js";
import { bepaidRefusalListener } from "./bepaid-refusal.listener.js";
import { operationLimits } from "../limits/operation-limits.js";
import type { RateLimit } from "../limits/rate-limit.js";
import { requestErrorStatusListener } from "./request-error-status.listener.js";
import { landingPagePlugin } from "./landing-page.plugin.js";
import type { GatewayLogger } from "../logger.js";
import type { RequestReporting } from "../observability/request-report.js";
import { buildGatewaySchema } from "../schema.js";

/** Builds and starts Apollo Server: the schema, its executor, limits, plugins and error masking. */
export async function createApollo(
  config: GatewayConfig,
  { logger, reporting, rateLimit }: { logger: GatewayLogger; reporting: RequestReporting; rateLimit: RateLimit | undefined },
): Promise<ApolloServer<GatewayContext>> {
  const limits = operationLimits(config.limits);
  const schema = await buildGatewaySchema({ federation: config.federation, restrictSdl: config.production });
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    // With trusted-documents manifests, automatic persisted queries are off: a caller could
    // otherwise register new documents by sending text with a hash. The manifests' ids are
    // resolved before Apollo (src/documents/).
    ...(config.documents.manifests.length > 0 && { persistedQueries: false as const }),
    // Introspection and Apollo Sandbox serve developers; production callers get neither. Apollo's
    // own switch stays on: production refuses introspection through our rule, in our words.
    introspection: true,
    plugins: [
      ...limits.plugins,
      // The gateway's own hooks, as one listener built once: the lookup cap, the report, the
      // request-error status and, with a rate limit, bePaid's refusals of pass-through credentials.
      listenersPlugin<GatewayContext>([
        ...limits.listeners,
        reporting.listener,
        requestErrorStatusListener(),
        ...(rateLimit ? [bepaidRefusalListener(rateLimit)] : []),
      ]),
      // Queries that succeed run compiled (graphql-jit); everything else runs on Apollo's own execution.
      compiledExecutionPlugin<GatewayContext>(schema),
      // No HTTP caching of responses (every operation reads bePaid afresh), so no per-field cache hints.
      ApolloServerPluginCacheControlDisabled(),
      // A subgraph would trace fields for the router (ftv1), but compiled execution runs no field hooks.
      ...(config.federation ? [ApolloServerPluginInlineTraceDisabled()] : []),
      // In production the error formatter also hides graphql-js's field suggestions.
      ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : [landingPagePlugin()]),
    ],
    // graphql-js's rules, the limits, a refusal of operation types the schema lacks (subscriptions)
    // and, in production, of introspection.
    validationRules: [KnownOperationTypesRule, ...(config.production ? [NoIntrospectionRule] : []), ...limits.validationRules],
    parseOptions: limits.parseOptions,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger, { hideSuggestions: config.production }),
    // Stays on: refuses simple (CSRF-able) requests that carry no preflight-forcing header.
    csrfPrevention: true,
    // One operation per request: a batch would multiply every limit above by its length.
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM: Apollo's own handler would stop it mid-drain and re-raise the signal.
    stopOnTerminationSignals: false,
    logger,
  });
  await apollo.start();
  return apollo;
}
