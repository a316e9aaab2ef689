import { Agent } from "undici";

/** Settings of {@link createPoolFetch}. */
export interface PoolFetchOptions {
  /** Keep-alive connections per bePaid origin. */
  connections: number;
}

/**
 * A `fetch` for ky on undici's keep-alive connection pool, without fetch's per-request
 * machinery (body streams, a second Request, several AbortSignals): measured about half of
 * global fetch's CPU per bePaid call (see bench/results). It reads the whole answer before it
 * resolves, so ky's per-attempt timeout bounds headers and body alike. Failures are thrown as
 * fetch throws them: a TypeError whose `cause` holds the socket error.
 */
export function createPoolFetch(options: PoolFetchOptions): typeof fetch {
  const agent = new Agent({
    connections: options.connections,
    // A little under Node's default server keep-alive (5 s) so we never reuse a socket the server closes.
    keepAliveTimeout: 4_000,
    // ky's timeout aborts through the request's signal; undici's own would only race it.
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    try {
      const answer = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as "GET" | "POST",
        headers,
        body,
        signal: request.signal,
      });
      const content = await answer.body.arrayBuffer();
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
        else if (value !== undefined) responseHeaders.set(name, value);
      }
      const empty = answer.statusCode === 204 || answer.statusCode === 304;
      return new Response(empty ? null : content, { status: answer.statusCode, headers: responseHeaders });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason ?? error;
      throw new TypeError("fetch failed", { cause: error });
    }
  };
}
