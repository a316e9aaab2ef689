import type { Page } from "playwright-core";

/** One POST the page sent to the gateway, as the browser sent it. */
export interface GatewayRequest {
  operationName: string | undefined;
  /** `extensions.persistedQuery.sha256Hash`, or `documentId`. */
  id: string | undefined;
  /** Document text, when the request carried any. */
  query: string | undefined;
  idempotencyKey: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/** Records every POST the page sends to `gatewayUrl`, in order. */
export function recordGatewayTraffic(page: Page, gatewayUrl: string): GatewayRequest[] {
  const requests: GatewayRequest[] = [];
  page.on("request", (request) => {
    if (request.method() !== "POST" || request.url() !== gatewayUrl) return;
    const body = request.postDataJSON() as {
      operationName?: string;
      query?: string;
      documentId?: string;
      variables?: Record<string, unknown>;
      extensions?: { persistedQuery?: { sha256Hash?: string } };
    };
    requests.push({
      operationName: body.operationName,
      id: body.extensions?.persistedQuery?.sha256Hash ?? body.documentId,
      query: body.query,
      idempotencyKey: request.headers()["idempotency-key"],
      variables: body.variables,
    });
  });
  return requests;
}

/** The creates sent for the customer with this email. */
export function createsFor(requests: readonly GatewayRequest[], email: string): GatewayRequest[] {
  return requests.filter(
    (request) => request.operationName === "CreateCustomer" && (request.variables?.input as { email?: string } | undefined)?.email === email,
  );
}
