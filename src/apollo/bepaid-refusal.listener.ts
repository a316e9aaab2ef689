import type { GraphQLRequestListener } from "@apollo/server";
import type { GatewayContext } from "../context.js";
import type { RateLimit } from "../limits/rate-limit.js";

/**
 * Counts pass-through credentials that bePaid refused (401 or 403) as a failed authentication of
 * the client address, once per request, before the response leaves: guessing a shop's secret
 * through the gateway then runs into the same per-address limit as credentials the gateway
 * refuses itself. Server-held credentials refused by bePaid are the gateway's misconfiguration,
 * not the caller's guess, and do not count.
 */
export function bepaidRefusalListener(rateLimit: RateLimit): GraphQLRequestListener<GatewayContext> {
  return {
    async willSendResponse({ contextValue: { caller, report, remoteAddress } }) {
      if (caller.kind !== "passthrough") return;
      if (report.bepaidCalls.some(({ status }) => status === 401 || status === 403)) await rateLimit.failedAuthentication(remoteAddress);
    },
  };
}
