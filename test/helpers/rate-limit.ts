import { request as httpRequest } from "node:http";
import { print } from "graphql";
import { expect } from "vitest";
import { CustomersDocument } from "../generated/graphql.js";
import type { GraphQLResponse, Stack } from "./stack.js";

/** The rate-limit tests' settings and requests, shared by the in-memory and the Redis-backed files. */
export const LIMIT = 3;
export const TOKENS = ["rate-token-one", "rate-token-two", "rate-token-three"];
// Calls are counted: a long timeout keeps a busy machine from turning a slow GET into a retried one.
export const TIMEOUT = { BEPAID_TIMEOUT_MS: "10000" };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (shopId: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${shopId}:${secret}`).toString("base64")}` });
export const DEMO = { shopId: "361", secretKey: "sandbox-demo-secret" };

/** Sends `customers` from a loopback address of the caller's choosing (127.0.0.0/8 all reach the gateway), as a caller elsewhere would. */
export const customersFrom = (stack: Stack, localAddress: string, headers: Record<string, string> = {}) => queryFrom(stack, localAddress, print(CustomersDocument), headers);

/** Sends a GraphQL source from a loopback address of the caller's choosing. */
export function queryFrom(stack: Stack, localAddress: string, source: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<any>> {
  const body = JSON.stringify({ query: source });
  return new Promise((resolve, reject) => {
    const sent = httpRequest(stack.gatewayUrl, { method: "POST", localAddress, headers: { "content-type": "application/json", ...headers } }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        const replyHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") replyHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: replyHeaders, body: JSON.parse(text) });
      });
    });
    sent.on("error", reject).end(body);
  });
}

/** What an address refused too often sees: 429, RATE_LIMITED, and when to come back. */
export const expectAddressRefused = (answer: GraphQLResponse<unknown>) =>
  expectRefused(answer, `Too many failed authentications from this address: at most ${LIMIT} per minute.`);

/** What a refused caller sees: 429, RATE_LIMITED, and when to come back, in the header and the body alike. */
export function expectRefused(answer: GraphQLResponse<unknown>, sentence = `Too many operations: at most ${LIMIT} per minute per caller.`) {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(answer.body).toEqual({
    errors: [
      {
        message: `${sentence} Retry in ${retryAfter} s.`,
        extensions: { code: "RATE_LIMITED", retryAfter },
      },
    ],
  });
}
