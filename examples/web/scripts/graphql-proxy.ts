import { type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";

/** Options of {@link createGraphQLProxy}. */
export interface GraphQLProxyOptions {
  /** The gateway's GraphQL URL, where every request to the app's `/graphql` goes. */
  gatewayUrl: string;
  /** The largest request body passed on; a larger one is answered 413 here. Default 1 MiB, the gateway's own limit. */
  maxBodyBytes?: number;
}

/**
 * The app's `/graphql`, forwarded to the gateway: the browser calls its own origin, so no CORS
 * set-up is needed on any gateway, on any port. Method, query string, body and the headers the
 * app sends (`Authorization`, `Idempotency-Key`, `traceparent`, persisted-query ids in the body
 * or query string) go through unchanged, and the gateway's status, headers and body come back
 * unchanged, streamed both ways; only hop-by-hop headers stop here, as a proxy's must. When no
 * answer comes, the app gets a GraphQL error of this server's own (`GATEWAY_UNREACHABLE`: nothing
 * was sent; `GATEWAY_CONNECTION_LOST`: sent, but no answer came), naming the gateway's URL.
 */
export function createGraphQLProxy({ gatewayUrl, maxBodyBytes = 1024 * 1024 }: GraphQLProxyOptions) {
  const target = new URL(gatewayUrl);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (Number(request.headers["content-length"] ?? 0) > maxBodyBytes) return tooLarge(request, response, maxBodyBytes);
    const url = new URL(target);
    url.search = new URL(request.url ?? "/", "http://app").search;
    const upstream = send(url, { method: request.method, headers: endToEnd(request.headers) });
    let connected = false;
    upstream.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      socket.once("connect", () => (connected = true));
    });
    upstream.on("response", (answer) => {
      response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(response);
      answer.on("error", () => response.destroy());
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      // Already answered (a body over the bound): nothing more to say.
      if (response.writableEnded) return;
      if (response.headersSent) return void response.destroy();
      gatewayError(response, gatewayUrl, connected ? "GATEWAY_CONNECTION_LOST" : "GATEWAY_UNREACHABLE", error.code ?? error.message);
    });
    // The browser went away (a closed tab, a dropped connection): the gateway's request goes too.
    response.on("close", () => {
      if (!response.writableFinished) upstream.destroy();
    });

    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) return;
      request.unpipe(upstream);
      upstream.destroy();
      if (!response.headersSent) tooLarge(request, response, maxBodyBytes);
    });
    request.pipe(upstream);
  };
}

/** RFC 9110's hop-by-hop headers: they describe one connection, so a proxy never passes them on. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

/** The end-to-end headers: all but the hop-by-hop ones and those the `Connection` header names. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase()),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}

/** A GraphQL error of this server's own, as the gateway shapes its errors, so the app reads it the same way. */
function gatewayError(response: ServerResponse, gatewayUrl: string, code: "GATEWAY_UNREACHABLE" | "GATEWAY_CONNECTION_LOST", cause: string) {
  const message =
    code === "GATEWAY_UNREACHABLE"
      ? `The gateway at ${gatewayUrl} is not answering (${cause}). Start it with npm start in the repository root, or point EXAMPLE_GATEWAY_URL at it.`
      : `The connection to the gateway at ${gatewayUrl} broke before it answered (${cause}).`;
  const body = JSON.stringify({ errors: [{ message, extensions: { code, gatewayUrl } }] });
  response.writeHead(502, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(body);
}

/** 413, closing the connection: the rest of the body is not worth reading. */
function tooLarge(request: IncomingMessage, response: ServerResponse, maxBodyBytes: number) {
  const body = JSON.stringify({ errors: [{ message: `The request body is larger than ${maxBodyBytes} bytes.`, extensions: { code: "BAD_REQUEST" } }] });
  response.writeHead(413, { "content-type": "application/json; charset=utf-8", connection: "close" }).end(body);
  request.resume();
}
