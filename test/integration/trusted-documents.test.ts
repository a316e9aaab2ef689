import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Stack, useStack } from "../helpers/stack.js";

/** The manifest `npm run codegen` writes for test/operations/ (client preset, persistedDocuments). */
const CODEGEN_MANIFEST = fileURLToPath(new URL("../generated/persisted-documents.json", import.meta.url));
const codegen: Record<string, string> = (await import(CODEGEN_MANIFEST, { with: { type: "json" } })).default;
const idOf = (operation: string) => Object.keys(codegen).find((key) => codegen[key]!.startsWith(operation))!;
const CUSTOMERS_ID = idOf("query Customers ");
const CUSTOMER_ID = idOf("query Customer(");
const CREATE_ID = idOf("mutation CreateCustomer(");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A second manifest, as another app would bring, with bare hex keys as the contract shows them. */
const ADMIN_DOCUMENT = "query AdminEmails { customers { email } }";
const ADMIN_MANIFEST = join(mkdtempSync(join(tmpdir(), "gw-manifest-")), "admin.json");
writeFileSync(ADMIN_MANIFEST, JSON.stringify({ [sha256(ADMIN_DOCUMENT)]: ADMIN_DOCUMENT }));

const MANIFESTS = `${CODEGEN_MANIFEST},${ADMIN_MANIFEST}`;
/** The demo shop's seeded customers (src/sandbox/demo-shop.ts); tests that create add more. */
const EMAILS = ["customer@example.com", "customer.mark@example.com"];
/** The first seeded customer, as any document that selects its id sees it. */
const JOHN = expect.objectContaining({ id: "cst_5ca4fab9dfc7fcbf" });
const emails = (customers: Array<{ email: string }>) => customers.map((customer) => customer.email);

/** POSTs a GraphQL-over-HTTP body as JSON and reads the answer. */
async function post(stack: Stack, body: object, headers: Record<string, string> = {}) {
  const response = await fetch(stack.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions: { code: string } }> } };
}

/** GETs with the given query-string parameters, as Apollo Client does for hashed queries. */
async function get(stack: Stack, params: Record<string, string>) {
  const url = new URL(stack.gatewayUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> } };
}

const persistedQuery = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe("trusted documents, enforced (GATEWAY_TRUSTED_DOCUMENTS_ONLY=true)", () => {
  const stack = useStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: MANIFESTS, GATEWAY_TRUSTED_DOCUMENTS_ONLY: "true" } });

  it("runs a codegen document named by documentId, with or without the sha256: prefix", async () => {
    for (const documentId of [CUSTOMERS_ID, CUSTOMERS_ID.replace(/^sha256:/, "")]) {
      const { status, body } = await post(stack, { documentId });
      expect(status).toBe(200);
      expect(emails(body.data.customers)).toEqual(expect.arrayContaining(EMAILS));
    }
  });

  it("runs a document named by Apollo's persistedQuery extension, with its variables", async () => {
    const { body } = await post(stack, { extensions: persistedQuery(CUSTOMER_ID), variables: { id: "cst_5ca4fab9dfc7fcbf" } });
    expect(body.data.customer).toMatchObject({ firstName: "John", email: "customer@example.com" });
  });

  it("runs documents of every manifest it was given", async () => {
    const { body } = await post(stack, { documentId: sha256(ADMIN_DOCUMENT) });
    expect(emails(body.data.customers)).toEqual(expect.arrayContaining(EMAILS));
  });

  it("takes ids by GET too, as a documentId parameter or in the extensions parameter", async () => {
    const byId = await get(stack, { documentId: CUSTOMERS_ID });
    expect(byId.body.data.customers).toContainEqual(JOHN);
    const byExtension = await get(stack, { extensions: JSON.stringify(persistedQuery(CUSTOMERS_ID.replace(/^sha256:/, ""))) });
    expect(byExtension.body.data.customers).toContainEqual(JOHN);
  });

  it("refuses a document named by id whose extensions parameter is not JSON, as it refuses any such request", async () => {
    const { status, body } = await get(stack, { documentId: CUSTOMERS_ID, extensions: "{tracing" });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ message: "The extensions search parameter contains invalid JSON.", extensions: expect.objectContaining({ code: "BAD_REQUEST" }) })]);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("still refuses a mutation by GET when it is named by id, without calling bePaid", async () => {
    const { status } = await get(stack, { documentId: CREATE_ID, variables: JSON.stringify({ input: { email: "a@b.co", ip: "1.1.1.1" } }) });
    expect(status).toBe(405);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("runs a create named by id", async () => {
    const { body } = await post(stack, { documentId: CREATE_ID, variables: { input: { email: "ada@example.com", ip: "10.0.0.1" } } });
    expect(body.data.createCustomer.id).toMatch(/^cst_/);
  });

  it("runs text sent in full when it is exactly a manifest document", async () => {
    const { body } = await post(stack, { query: codegen[CUSTOMERS_ID] });
    expect(emails(body.data.customers)).toEqual(expect.arrayContaining(EMAILS));
  });

  it("refuses other text with PERSISTED_QUERY_NOT_ALLOWED, without calling bePaid", async () => {
    const { status, body } = await post(stack, {
      query: 'mutation { createCustomer(input: { email: "eve@example.com", ip: "10.0.0.1" }) { id } }',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_ALLOWED");
    expect(body.data).toBeUndefined();
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("answers an unknown id with PERSISTED_QUERY_NOT_FOUND: 400, or 200 to a caller accepting only application/json", async () => {
    const unknown = sha256("{ customers { id } }");
    for (const body of [{ documentId: unknown }, { extensions: persistedQuery(unknown) }]) {
      const strict = await post(stack, body, { accept: "application/graphql-response+json" });
      expect(strict.status).toBe(400);
      expect(strict.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      const legacy = await post(stack, body, { accept: "application/json" });
      expect(legacy.status).toBe(200);
      expect(legacy.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    }
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("lets no one add a document through Apollo's automatic persisted queries", async () => {
    const text = "{ customers { id } }";
    const register = await post(stack, { query: text, extensions: persistedQuery(sha256(text)) });
    expect(register.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_ALLOWED");
    const replay = await post(stack, { extensions: persistedQuery(sha256(text)) });
    expect(replay.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(stack.upstreamCalls()).toBe(0);
  });

  it.each([
    ["a documentId that is an object with its own toString", { documentId: { toString: 1 } }, "documentId must be a string."],
    ["a documentId that is an array", { documentId: [CUSTOMERS_ID] }, "documentId must be a string."],
    ["a sha256Hash that is an object", { extensions: { persistedQuery: { version: 1, sha256Hash: { toString: 1 } } } }, "extensions.persistedQuery.sha256Hash must be a string."],
  ])("answers %s with 400 BAD_REQUEST, logged as that and not as a client that left", async (_, body, message) => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": `malformed-id-${message.length}-${JSON.stringify(body).length}` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
    const line = JSON.parse(stack.logs.find((text) => text.includes(`"requestId":"${response.headers.get("x-request-id")}"`))!);
    expect(line).toMatchObject({ level: 30, status: 400, outcome: "BAD_REQUEST" });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("runs no untrusted document for a GET that prefers incremental delivery to HTML: the landing page is decided once, as Apollo decides it", async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set("query", "{ customers { email phone } }");
    const response = await fetch(url, { headers: { accept: "multipart/mixed, text/html;q=0.9", "apollo-require-preflight": "true" } });
    expect(response.status).toBe(406);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe("NOT_ACCEPTABLE");
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("shows the landing page, running nothing, to a GET that prefers HTML to incremental delivery", async () => {
    const url = new URL(stack.gatewayUrl);
    url.searchParams.set("query", "{ customers { email phone } }");
    const response = await fetch(url, { headers: { accept: "text/html, multipart/mixed;q=0.9" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("embeddable-sandbox");
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("names the refusal in the request's log line", async () => {
    await post(stack, { documentId: sha256("nothing") }, { "x-request-id": "unknown-document" });
    const line = JSON.parse(stack.logs.find((text) => text.includes('"requestId":"unknown-document"'))!);
    expect(line).toMatchObject({ outcome: "PERSISTED_QUERY_NOT_FOUND", errors: ["PERSISTED_QUERY_NOT_FOUND"] });
  });
});

describe("trusted documents, not enforced (the default outside production)", () => {
  const stack = useStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: MANIFESTS } });

  it("runs manifest documents by id and other text as sent", async () => {
    expect((await post(stack, { documentId: CUSTOMERS_ID })).body.data.customers).toContainEqual(JOHN);
    expect((await post(stack, { query: "{ customers { id } }" })).body.data.customers).toContainEqual(JOHN);
  });

  it("runs text sent with a new hash, but does not remember it", async () => {
    const text = "{ customers { lastName } }";
    const first = await post(stack, { query: text, extensions: persistedQuery(sha256(text)) });
    expect(first.body.data.customers).toContainEqual({ lastName: "Doe" });
    const replay = await post(stack, { extensions: persistedQuery(sha256(text)) });
    expect(replay.body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("no manifest", () => {
  const stack = useStack();

  it("knows no documentId", async () => {
    const { status, body } = await post(stack, { documentId: CUSTOMERS_ID });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(stack.upstreamCalls()).toBe(0);
  });
});
