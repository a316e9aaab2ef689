import { ErrorCode } from "../errors/codes.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { TrustedDocuments } from "./trusted-documents.js";

/** A GraphQL request as it reached `/graphql`: a POST's parsed JSON body, or a GET's query string. */
export interface GraphQLHttpParams {
  method: string;
  body: unknown;
  /** The query string with its `?`, or "". */
  search: string;
}

/** Options of {@link resolveTrustedDocument}. */
export interface TrustedDocumentPolicy {
  /** The manifests' documents; undefined when no manifest is configured. */
  documents: TrustedDocuments | undefined;
  /** Only manifest documents may run (`GATEWAY_TRUSTED_DOCUMENTS_ONLY`). */
  only: boolean;
  /** The HTTP status of a refusal (a request error: 200 or 400, per what the caller accepts). */
  refusalStatus: number;
}

type Params = { query?: unknown; documentId?: unknown; extensions?: unknown };

/**
 * An `extensions` Apollo refuses with its own 400: a GET's that is not a JSON object (or comes
 * twice), a POST's that is neither an object nor null. Such a request is passed on untouched, so a
 * rewrite never drops what would be refused: it gets the same response whether it names its
 * document by id or sends the text.
 */
function malformedExtensions(method: string, search: string, extensions: unknown): boolean {
  if (extensions === undefined) return false;
  if (method === "GET") return objectOrUndefined(extensions) === undefined || new URLSearchParams(search).getAll("extensions").length > 1;
  return extensions !== null && objectOrUndefined(extensions) === undefined;
}

/**
 * Puts the text of the manifest document a request names (`documentId`, `sha256:`-prefixed or
 * not, or Apollo's `extensions.persistedQuery.sha256Hash`) in its `query`, and refuses what the
 * policy forbids: an unknown id is `PERSISTED_QUERY_NOT_FOUND`; with `only`, text that is not a
 * manifest document is `PERSISTED_QUERY_NOT_ALLOWED`. The `persistedQuery` extension is removed
 * once read, so Apollo's automatic persisted queries (off while manifests are set) never see it.
 * With no manifest, only `documentId` is resolved here (always unknown) and Apollo's APQ keeps
 * `persistedQuery`. Anything else, a malformed `extensions` included, passes unchanged, for Apollo
 * to judge.
 */
export function resolveTrustedDocument(request: GraphQLHttpParams, policy: TrustedDocumentPolicy): GraphQLHttpParams | GatewayError {
  const params = request.method === "POST" ? objectOrUndefined(request.body) : request.method === "GET" ? searchParams(request.search) : undefined;
  if (!params || malformedExtensions(request.method, request.search, params.extensions)) return request;
  const { documents, only, refusalStatus } = policy;
  const extensions = objectOrUndefined(params.extensions);
  const persisted = objectOrUndefined(extensions?.persistedQuery);
  if (!isIdOrAbsent(params.documentId)) return notAString("documentId");
  if (!isIdOrAbsent(persisted?.sha256Hash)) return notAString("extensions.persistedQuery.sha256Hash");
  const id = (params.documentId ?? persisted?.sha256Hash) as string | null | undefined;
  if (!documents) {
    if (params.documentId === undefined) return request;
    return new GatewayError(
      ErrorCode.PERSISTED_QUERY_NOT_FOUND,
      "This gateway has no trusted documents (GATEWAY_TRUSTED_DOCUMENTS is unset): send the document's text as query.",
      { http: { status: refusalStatus } },
    );
  }
  let text: string;
  if (typeof params.query === "string") {
    text = params.query;
  } else if (id !== undefined) {
    const found = documents.byId(String(id));
    if (found === undefined) return notFound(refusalStatus);
    text = found;
  } else {
    return request;
  }
  if (only && !documents.trusts(text)) {
    return new GatewayError(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, "Only trusted documents may run here: send the id of a document from the manifest.", {
      http: { status: refusalStatus },
    });
  }
  const { persistedQuery: _read, ...otherExtensions } = extensions ?? {};
  const rewritten = { query: text, extensions: Object.keys(otherExtensions).length > 0 ? otherExtensions : undefined };
  return request.method === "POST" ? { ...request, body: withBodyParams(params, rewritten) } : { ...request, search: withSearchParams(request.search, rewritten) };
}

/** A POST body with the document's text, without `documentId` or an emptied `extensions` (Apollo refuses those). */
function withBodyParams(body: Params, { query, extensions }: { query: string; extensions: object | undefined }): Params {
  const { documentId: _named, extensions: _read, ...rest } = body;
  return { ...rest, query, ...(extensions && { extensions }) };
}

/** A document id is a string; `null` (JSON's "none") counts as absent. */
function isIdOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || typeof value === "string";
}

/** An id that is no string (an array, an object, a number) is a malformed request, whatever the caller accepts. */
function notAString(parameter: string): GatewayError {
  return new GatewayError(ErrorCode.BAD_REQUEST, `${parameter} must be a string.`, { http: { status: 400 } });
}

function notFound(status: number): GatewayError {
  return new GatewayError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "No trusted document has the id this request names.", { http: { status } });
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A GET's parameters; `extensions` is JSON in the query string (left as text when it is not). */
function searchParams(search: string): Params {
  const params = new URLSearchParams(search);
  const extensions = params.get("extensions") ?? undefined;
  let parsed: unknown = extensions;
  try {
    if (extensions !== undefined) parsed = JSON.parse(extensions);
  } catch {
    // Apollo refuses the malformed parameter itself.
  }
  return { query: params.get("query") ?? undefined, documentId: params.get("documentId") ?? undefined, extensions: parsed };
}

function withSearchParams(search: string, { query, extensions }: { query: string; extensions: object | undefined }): string {
  const params = new URLSearchParams(search);
  params.delete("documentId");
  params.set("query", query);
  if (extensions) params.set("extensions", JSON.stringify(extensions));
  else params.delete("extensions");
  return `?${params}`;
}
