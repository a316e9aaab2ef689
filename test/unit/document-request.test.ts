import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type GraphQLHttpParams, resolveTrustedDocument, type TrustedDocumentPolicy } from "../../src/documents/document-request.js";
import type { TrustedDocuments } from "../../src/documents/trusted-documents.js";
import { GatewayError } from "../../src/errors/gateway-error.js";

const DOCUMENT = "query Emails { customers { email } }";
const ID = createHash("sha256").update(DOCUMENT).digest("hex");
const UNKNOWN_ID = "0".repeat(64);
const UNTRUSTED = "{ customers { email phone } }";

/** A manifest holding DOCUMENT only. */
const manifest: TrustedDocuments = {
  byId: (id) => (id === ID ? DOCUMENT : undefined),
  trusts: (text) => text === DOCUMENT,
  entries: () => new Map([[ID, DOCUMENT]]).entries(),
};
const withManifest: TrustedDocumentPolicy = { documents: manifest, only: false, refusalStatus: 400 };
const onlyTrusted: TrustedDocumentPolicy = { documents: manifest, only: true, refusalStatus: 400 };

const post = (body: unknown): GraphQLHttpParams => ({ method: "POST", body, search: "" });
const get = (params: Record<string, string>): GraphQLHttpParams => ({ method: "GET", body: undefined, search: `?${new URLSearchParams(params)}` });
const persistedQuery = { version: 1, sha256Hash: ID };

/** The request the policy lets through; fails the test when it was refused. */
function passed(request: GraphQLHttpParams, policy: TrustedDocumentPolicy): GraphQLHttpParams {
  const result = resolveTrustedDocument(request, policy);
  if (result instanceof GatewayError) throw new Error(`refused: ${result.message}`);
  return result;
}

/** The refusal the policy answers with; fails the test when the request was let through. */
function refused(request: GraphQLHttpParams, policy: TrustedDocumentPolicy): GatewayError {
  const result = resolveTrustedDocument(request, policy);
  expect(result).toBeInstanceOf(GatewayError);
  return result as GatewayError;
}

/** A GET's query string as a plain record, to compare what the rewrite left in it. */
const searchOf = (request: GraphQLHttpParams) => Object.fromEntries(new URLSearchParams(request.search));

describe("resolveTrustedDocument", () => {
  it("runs a POST's documentId as the manifest's text, keeping its variables and other extensions", () => {
    const request = post({ documentId: ID, variables: { first: 1 }, extensions: { tracing: true } });
    expect(passed(request, withManifest).body).toStrictEqual({ query: DOCUMENT, variables: { first: 1 }, extensions: { tracing: true } });
  });

  it("reads Apollo's persistedQuery extension and removes it, leaving no empty extensions for Apollo to refuse", () => {
    const request = post({ extensions: { persistedQuery } });
    expect(passed(request, withManifest).body).toStrictEqual({ query: DOCUMENT });
  });

  it.each([
    ["a POST's string", post({ documentId: ID, extensions: "tracing" })],
    ["a POST's array", post({ documentId: ID, extensions: [persistedQuery] })],
    ["a GET's text that is not JSON", get({ documentId: ID, extensions: "tracing" })],
    ["a GET's JSON null", get({ documentId: ID, extensions: "null" })],
  ])("leaves a request named by id whose extensions is not an object (%s) untouched, for Apollo to refuse", (_kind, request) => {
    for (const policy of [withManifest, onlyTrusted]) expect(resolveTrustedDocument(request, policy)).toBe(request);
  });

  it("leaves a GET with two extensions parameters untouched, for Apollo to refuse", () => {
    const request: GraphQLHttpParams = { method: "GET", body: undefined, search: `?documentId=${ID}&extensions=%7B%7D&extensions=%7B%7D` };
    expect(resolveTrustedDocument(request, onlyTrusted)).toBe(request);
  });

  it("runs a POST named by id whose extensions is null, as Apollo accepts it", () => {
    expect(passed(post({ documentId: ID, extensions: null }), withManifest).body).toStrictEqual({ query: DOCUMENT });
  });

  it("runs a GET's documentId as the manifest's text, keeping its other parameters and extensions", () => {
    const request = get({ documentId: ID, operationName: "Emails", extensions: JSON.stringify({ tracing: true, persistedQuery }) });
    expect(searchOf(passed(request, withManifest))).toStrictEqual({ operationName: "Emails", query: DOCUMENT, extensions: JSON.stringify({ tracing: true }) });
  });

  it("reads the persistedQuery extension from a GET's extensions parameter and removes the parameter once empty", () => {
    const request = get({ extensions: JSON.stringify({ persistedQuery }) });
    expect(searchOf(passed(request, withManifest))).toStrictEqual({ query: DOCUMENT });
  });

  it("refuses an id that names no manifest document, with the refusal status the caller accepts", () => {
    for (const refusalStatus of [200, 400]) {
      const error = refused(post({ documentId: UNKNOWN_ID }), { ...withManifest, refusalStatus });
      expect(error.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      expect(error.message).toBe("No trusted document has the id this request names.");
      expect(error.http?.status).toBe(refusalStatus);
    }
  });

  it("refuses text that is not a manifest document when only trusted documents may run, saying to send an id", () => {
    const error = refused(post({ query: UNTRUSTED }), onlyTrusted);
    expect(error.code).toBe("PERSISTED_QUERY_NOT_ALLOWED");
    expect(error.message).toBe("Only trusted documents may run here: send the id of a document from the manifest.");
    expect(error.http?.status).toBe(400);
  });

  it("reads a GET's query parameter as text, refusing it when only trusted documents may run and it is not one", () => {
    expect(refused(get({ query: UNTRUSTED }), onlyTrusted).code).toBe("PERSISTED_QUERY_NOT_ALLOWED");
    expect(searchOf(passed(get({ query: DOCUMENT }), onlyTrusted))).toStrictEqual({ query: DOCUMENT });
  });

  it("leaves a request that names neither text nor an id unchanged, for Apollo to judge", () => {
    const bodyless = post({ variables: { first: 1 } });
    expect(resolveTrustedDocument(bodyless, onlyTrusted)).toBe(bodyless);
    const queryless = get({ operationName: "Emails" });
    expect(resolveTrustedDocument(queryless, onlyTrusted)).toBe(queryless);
  });

  it("leaves a request by a method other than GET or POST unchanged, even one naming an unknown id", () => {
    const request: GraphQLHttpParams = { method: "PUT", body: undefined, search: `?documentId=${UNKNOWN_ID}` };
    expect(resolveTrustedDocument(request, onlyTrusted)).toBe(request);
  });

  it("with no manifest, refuses any documentId as unknown but leaves persistedQuery to Apollo's own persisted queries", () => {
    const noManifest: TrustedDocumentPolicy = { documents: undefined, only: false, refusalStatus: 400 };
    const unknown = refused(post({ documentId: ID }), noManifest);
    expect(unknown.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    // Not "no trusted document has this id", as if the id were wrong: this gateway has no manifest at all.
    expect(unknown.message).toBe("This gateway has no trusted documents (GATEWAY_TRUSTED_DOCUMENTS is unset): send the document's text as query.");
    const automatic = post({ extensions: { persistedQuery } });
    expect(resolveTrustedDocument(automatic, noManifest)).toBe(automatic);
  });

  const noManifest: TrustedDocumentPolicy = { documents: undefined, only: false, refusalStatus: 200 };
  it.each([
    ["an object", { toString: 1 }],
    ["an array", [ID]],
    ["a number", 42],
    ["a boolean", true],
  ])("refuses a documentId that is %s as a malformed request (400 BAD_REQUEST), with or without a manifest", (_, documentId) => {
    for (const policy of [withManifest, onlyTrusted, noManifest]) {
      const refusal = refused(post({ documentId }), policy);
      expect(refusal).toMatchObject({ code: "BAD_REQUEST", message: "documentId must be a string.", http: { status: 400 } });
    }
  });

  it.each([
    ["an object", { toString: 1 }],
    ["an array", [ID]],
    ["a number", 7],
  ])("refuses a persistedQuery sha256Hash that is %s as a malformed request, by POST or GET, with or without a manifest", (_, sha256Hash) => {
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    for (const policy of [withManifest, noManifest]) {
      for (const request of [post({ extensions }), get({ extensions: JSON.stringify(extensions) })]) {
        expect(refused(request, policy)).toMatchObject({ code: "BAD_REQUEST", message: "extensions.persistedQuery.sha256Hash must be a string.", http: { status: 400 } });
      }
    }
  });

  it("treats a null documentId as no id to read, not as a malformed one", () => {
    expect(refused(post({ documentId: null }), noManifest).code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(passed(post({ documentId: null, extensions: { persistedQuery } }), withManifest).body).toStrictEqual({ query: DOCUMENT });
  });
});
