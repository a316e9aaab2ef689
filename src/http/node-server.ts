import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { GatewayConfig } from "../config.js";
import { ErrorCode } from "../errors/codes.js";
import { respondJson } from "./respond.js";

/**
 * Node's HTTP server with limits instead of its defaults (a 5-minute request timeout, no
 * connection cap): a request must arrive whole within `requestTimeoutMs`, idle keep-alive
 * connections outlive a load balancer's (60 s on the common ones) so it never reuses one we
 * closed, and at most `maxConnections` sockets are open. Malformed or too-slow requests that Node
 * refuses itself (400, 408, 431) get responses in the contract's JSON shape, not as bare status
 * lines, and so is a request with more header lines than Node would keep (431).
 */
export function createNodeServer(http: GatewayConfig["http"], listener: RequestListener): Server {
  const server = createServer(
    {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: Math.min(http.requestTimeoutMs, 10_000),
      keepAliveTimeout: http.keepAliveTimeoutMs,
      // How often Node looks for requests past their timeout: its 30 s default would let a
      // stalled body live up to 30 s longer than the timeout says.
      connectionsCheckingInterval: Math.min(1_000, http.requestTimeoutMs),
    },
    (request, response) => {
      // Node 20 keeps the first `maxHeadersCount` headers and silently drops the rest (an
      // Idempotency-Key among them would vanish; left unset, it keeps only 1,000 in
      // `request.headers`): it keeps one more than we read, and a request that has it is refused
      // whole. Node 24 refuses more than `maxHeadersCount` itself (431 through clientError below).
      if (request.rawHeaders.length > 2 * MAX_REQUEST_HEADERS) return respondTooManyHeaders(response);
      listener(request, response);
    },
  );
  server.maxHeadersCount = MAX_REQUEST_HEADERS + 1;
  server.maxConnections = http.maxConnections;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => respondToClientError(error, socket));
  return server;
}

/** The most header lines a request may have (Node's documented default count). */
export const MAX_REQUEST_HEADERS = 2000;

type ClientErrorResponse = [status: number, reason: string, code: ErrorCode, message: string];

const HEADERS_TOO_LARGE: ClientErrorResponse = [431, "Request Header Fields Too Large", ErrorCode.HEADERS_TOO_LARGE, "The request's headers are too large."];

const CLIENT_ERRORS: Record<string, ClientErrorResponse> = {
  HPE_HEADER_OVERFLOW: HEADERS_TOO_LARGE,
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", ErrorCode.REQUEST_TIMEOUT, "The request did not arrive in time."],
};
const NOT_HTTP: ClientErrorResponse = [400, "Bad Request", ErrorCode.BAD_REQUEST, "The request is not valid HTTP."];

/** 431 for a request with more header lines than {@link MAX_REQUEST_HEADERS}, as for headers over Node's size limit. */
function respondTooManyHeaders(response: ServerResponse): void {
  const [status, , code, message] = HEADERS_TOO_LARGE;
  respondJson(response, status, { errors: [{ message, extensions: { code } }] }, { "x-content-type-options": "nosniff", connection: "close" });
}

function respondToClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // Nothing can be written to a socket that is gone or already got (part of) a response.
  if (socket.writable && socket.bytesWritten === 0) {
    const [status, reason, code, message] = CLIENT_ERRORS[error.code ?? ""] ?? NOT_HTTP;
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The requests being served, so a shutdown can wait for them and cut the ones still sending. */
export interface InFlight {
  add(request: IncomingMessage, response: ServerResponse): void;
  /**
   * Waits up to `timeoutMs` for in-flight operations to finish; a request whose body has not
   * arrived yet is cut at once (it may never come). Resolves to how many were still open.
   */
  drain(timeoutMs: number): Promise<number>;
}

/** Tracks in-flight requests for a graceful shutdown. */
export function createInFlight(): InFlight {
  const open = new Map<ServerResponse, IncomingMessage>();
  let drained: (() => void) | undefined;
  return {
    add(request, response) {
      open.set(response, request);
      response.once("close", () => {
        open.delete(response);
        if (open.size === 0) drained?.();
      });
    },
    async drain(timeoutMs) {
      for (const [response, request] of open) {
        if (!request.complete) request.socket.destroy();
        else if (!response.headersSent) response.setHeader("connection", "close");
      }
      if (open.size === 0) return 0;
      const finished = new Promise<void>((resolve) => (drained = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      await Promise.race([finished, timeout]);
      clearTimeout(timer);
      return open.size;
    },
  };
}

/** Listens and resolves to the listener's base URL (`http://host:port`). */
export function listenOn(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { address, port: bound } = server.address() as AddressInfo;
      resolve(`http://${address.includes(":") ? `[${address}]` : address}:${bound}`);
    });
  });
}

/** Stops taking connections and closes the open ones (idle and in use); resolves once closed. */
export function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
