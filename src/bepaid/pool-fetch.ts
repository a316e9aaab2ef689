import type { IncomingHttpHeaders } from "node:http";
import { createRequire } from "node:module";
import type { Agent as UndiciAgent, Dispatcher } from "undici";
import { firstHeaderValue } from "../http/first-header-value.js";
import { ResponseTooLargeError } from "./errors.js";
import { originAndPath } from "./url-parts.js";

/**
 * undici's connection pool alone: its package entry loads all of undici (fetch, WebSocket,
 * caches), whose memory the gateway would carry for nothing (docs/performance.md).
 */
const Agent = createRequire(import.meta.url)("undici/lib/dispatcher/agent.js") as typeof UndiciAgent;

/** Settings of {@link createPoolFetch}. */
export interface PoolFetchOptions {
  /** Keep-alive connections per bePaid origin. */
  connections: number;
  /**
   * The most bytes of one response's body it reads (`BEPAID_MAX_RESPONSE_BYTES`). Past it, reading
   * stops and the connection is dropped: a 2xx then fails with {@link ResponseTooLargeError}; an
   * error status keeps its status, without the body (only a JSON error's details are lost).
   */
  maxResponseBytes: number;
}

/**
 * The fetch ky is given: `fetch`'s shape, plus what goes out beside the request ky built (see
 * {@link BesideRequest}). The request's own signal, which ky's timeout and the caller's abort
 * both reach, cancels it.
 */
export type PoolFetch = (request: Request, beside: BesideRequest) => Promise<Response>;

/** What a call sends, and how much it reads, beside the `Request` ky built. */
export interface BesideRequest {
  /**
   * The headers every call of one credential set sends (its `Authorization`, `Accept`,
   * `Content-Type`), added as the request goes out; the request's own win.
   */
  headers: Readonly<Record<string, string>>;
  /** Replaces the pool's `maxResponseBytes` for this request (the list call's own cap). */
  maxBytes?: number;
  /**
   * The body, serialised once by the caller, for a request ky built without one: a `Request`
   * with a body holds it as a web stream, which ky's clone before each attempt tees and which
   * would be read back out here; and ky's errors, which carry the request, never hold it.
   */
  body?: Buffer;
}

/**
 * A `fetch` for ky on undici's keep-alive connection pool, without fetch's per-request
 * machinery (body streams, a second Request, several AbortSignals), which cost more than the
 * call itself. It reads the whole response before it resolves, so ky's per-attempt timeout
 * bounds headers and body alike. Failures are thrown as fetch throws them: a TypeError whose
 * `cause` holds the socket error; a response over the size
 * cap is a {@link ResponseTooLargeError}.
 *
 * The credential set's headers go out beside the request's own: built once, not copied through
 * ky's Headers and Requests on every call (six copies each, validated every time), and ky's
 * errors, which carry the request, never hold the secret.
 */
export function createPoolFetch(options: PoolFetchOptions): PoolFetch {
  const agent = new Agent({
    connections: options.connections,
    // A little under Node's default server keep-alive (5 s) so we never reuse a socket the server closes.
    keepAliveTimeout: 4_000,
    // ky's timeout aborts through its signal; undici's own would only race it.
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  return async (request, beside) => {
    const { signal } = request;
    const maxBytes = beside.maxBytes ?? options.maxResponseBytes;
    const [origin, path] = originAndPath(request.url);
    const headers: Record<string, string> = { ...beside.headers };
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = beside.body ?? (request.body ? Buffer.from(await request.arrayBuffer()) : undefined);
    let pooled: PoolResponse;
    try {
      pooled = await dispatchBuffered(agent, { origin, path, method: request.method, headers, body }, signal, maxBytes);
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      throw new TypeError("fetch failed", { cause: error });
    }
    const { status, headers: responseHeaders, content } = pooled;
    if (content === undefined && status >= 200 && status < 300) {
      throw new ResponseTooLargeError(maxBytes, firstHeaderValue(responseHeaders["x-request-id"]));
    }
    return new BufferedResponse(content, status, responseHeaders);
  };
}

/** bePaid's `X-Request-Id` of a response, read without building its `Headers` when it came from the pool. */
export function upstreamRequestId(response: Response): string | undefined {
  return (response instanceof BufferedResponse ? response.header("x-request-id") : response.headers.get("x-request-id")) ?? undefined;
}

/** A response's body as bytes: those the pool read, without a copy; any other response's, read out. */
export async function responseBytes(response: Response): Promise<Buffer> {
  return response instanceof BufferedResponse ? response.content : Buffer.from(await response.arrayBuffer());
}

const EMPTY = Buffer.alloc(0);

/**
 * A `Response` over bytes already read. `new Response(bytes)` would wrap them in a web stream
 * only for `text()` to read them back out, on every bePaid call. This one has no body stream (`body` is null);
 * `content` hands the client the bytes as they are; `text()`, `json()` and `arrayBuffer()` read them
 * as any `Response`'s would (the error path reads `text()`).
 * Its `headers` are built from undici's raw headers on first read (only failures read them;
 * a success needs only `X-Request-Id`, which {@link upstreamRequestId} reads raw), and are not
 * carried by `clone()`, which neither ky (without hooks) nor the client calls.
 */
class BufferedResponse extends Response {
  readonly #content: Buffer | undefined;
  readonly #rawHeaders: IncomingHttpHeaders;
  #headers: Headers | undefined;

  static {
    // An accessor over Response's own: the DOM typings declare `headers` as a property.
    Object.defineProperty(this.prototype, "headers", {
      get(this: BufferedResponse): Headers {
        return (this.#headers ??= new Headers(headerPairs(this.#rawHeaders)));
      },
    });
  }

  constructor(content: Buffer | undefined, status: number, rawHeaders: IncomingHttpHeaders) {
    super(null, { status });
    this.#content = content;
    this.#rawHeaders = rawHeaders;
  }

  /** The body's bytes, as read (empty when none came). */
  get content(): Buffer {
    return this.#content ?? EMPTY;
  }

  /** A header's first value, from the raw headers (names in lower case). */
  header(name: string): string | null {
    return firstHeaderValue(this.#rawHeaders[name]) ?? null;
  }

  // Fields, not methods: the DOM typings declare Response's readers as properties.
  override text = async (): Promise<string> => this.#content?.toString("utf8") ?? "";

  override json = async (): Promise<unknown> => JSON.parse(await this.text());

  override arrayBuffer = async (): Promise<ArrayBuffer> => {
    const content = this.content;
    return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
  };
}

/** undici's header object as `Headers` init: repeated headers stay separate entries. */
function headerPairs(headers: IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** What one dispatch brought back; `content` is undefined when the body was over the cap. */
interface PoolResponse {
  status: number;
  headers: IncomingHttpHeaders;
  content: Buffer | undefined;
}

/**
 * Sends one request on the pool and gathers its response's body as it arrives, up to `maxBytes`.
 * Past the cap (or at once, for a declared `Content-Length` over it) the response resolves without
 * its body and the request is aborted, which drops the connection. A handler of undici's
 * dispatch API rather than `agent.request`: no body stream and no async iterator per call.
 * `signal` aborts it.
 */
function dispatchBuffered(agent: UndiciAgent, request: Dispatcher.DispatchOptions, signal: AbortSignal, maxBytes: number): Promise<PoolResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    let controller: Dispatcher.DispatchController | undefined;
    let pooled: PoolResponse | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const abort = () => controller?.abort(signal.reason as Error);
    const settle = () => {
      settled = true;
      signal.removeEventListener("abort", abort);
    };
    const tooLarge = (dispatch: Dispatcher.DispatchController) => {
      settle();
      resolve(pooled!);
      dispatch.abort(new Error(`The response is over ${maxBytes} bytes`));
    };
    signal.addEventListener("abort", abort);
    agent.dispatch(request, {
      onRequestStart(dispatch) {
        controller = dispatch;
        if (signal.aborted) dispatch.abort(signal.reason as Error);
      },
      onResponseStart(dispatch, status, headers) {
        if (status < 200) return; // an informational response: the real one follows
        pooled = { status, headers, content: undefined };
        const declared = firstHeaderValue(headers["content-length"]);
        if (declared !== undefined && Number(declared) > maxBytes) tooLarge(dispatch);
      },
      onResponseData(dispatch, chunk) {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) return tooLarge(dispatch);
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        settle();
        // One chunk (most responses) is kept as it came: undici hands each chunk over for good.
        pooled!.content = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
        resolve(pooled!);
      },
      onResponseError(_dispatch, error) {
        if (settled) return;
        settle();
        reject(error);
      },
    });
  });
}
