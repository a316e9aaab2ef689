import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createGraphQLProxy } from "../scripts/graphql-proxy.ts";
import { assert, type Step } from "./harness.ts";

/** What the stand-in gateway saw of the last request. */
interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Listens on a free loopback port; resolves with the server's base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The example server's `/graphql` forwarding (scripts/graphql-proxy.ts), against a stand-in
 * gateway that records what reaches it and answers as told: what the browser sends arrives as
 * sent, what the gateway answers comes back as answered, streamed, and what cannot be forwarded is
 * said plainly. Returns the steps and a `close` for the servers they start.
 */
export async function proxySteps(): Promise<{ steps: Step[]; close: () => Promise<void> }> {
  let seen: Seen | undefined;
  let answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();
  const gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() };
      answer(request, response);
    });
  });
  const gatewayUrl = `${await listen(gateway)}/graphql`;
  const app = createServer(createGraphQLProxy({ gatewayUrl, maxBodyBytes: 64 * 1024 }));
  const proxyUrl = `${await listen(app)}/graphql`;
  // A port nothing listens on: a server that is gone.
  const closed = createServer();
  const downUrl = `${await listen(closed)}/graphql`;
  await new Promise((resolve) => closed.close(resolve));
  const downApp = createServer(createGraphQLProxy({ gatewayUrl: downUrl }));
  const downProxyUrl = `${await listen(downApp)}/graphql`;

  const steps: Step[] = [
    {
      name: "the example server forwards the app's method, query string, body and headers to the gateway as sent, hop-by-hop headers aside",
      run: async () => {
        answer = (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"data":{}}');
        const body = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "a".repeat(64) } }, variables: { first: 1 } });
        const sent = {
          "content-type": "application/json",
          authorization: "Bearer example-token",
          "idempotency-key": "0f8fad5b-d9cb-469f-a165-70867728950e",
          traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
          "x-dropped-by-connection": "1",
          connection: "keep-alive, x-dropped-by-connection",
        };
        // node:http, not fetch: fetch refuses to send a Connection header of its own.
        const status = await new Promise<number | undefined>((resolve, reject) => {
          const sending = request(`${proxyUrl}?operationName=CustomerPage`, { method: "POST", headers: sent }, (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode));
          });
          sending.on("error", reject);
          sending.end(body);
        });
        assert(status === 200, `the proxy answered ${status}`);
        assert(seen?.method === "POST" && seen.url === "/graphql?operationName=CustomerPage", `the gateway got ${seen?.method} ${seen?.url}`);
        assert(seen.body === body, `the gateway got the body ${seen.body}`);
        for (const name of ["content-type", "authorization", "idempotency-key", "traceparent"] as const) {
          assert(seen.headers[name] === sent[name], `${name} reached the gateway as ${seen.headers[name]}`);
        }
        assert(seen.headers["x-dropped-by-connection"] === undefined, "a header the Connection header names was forwarded");
      },
    },
    {
      name: "the gateway's status, headers and body come back unchanged, and a response streams as the gateway writes it",
      run: async () => {
        let finish: () => void = () => {};
        const finished = new Promise<void>((resolve) => (finish = resolve));
        answer = (_request, response) => {
          response.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"', "x-request-id": "req-1" });
          response.write('{"errors":[{"message":"first part",');
          // The rest only once the caller has read the first part: a proxy that buffered would never let it.
          void finished.then(() => response.end('"extensions":{"code":"UNAUTHENTICATED"}}]}'));
        };
        const response = await fetch(proxyUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        assert(response.status === 401, `the status came back as ${response.status}`);
        assert(response.headers.get("www-authenticate") === 'Bearer error="invalid_token"', "WWW-Authenticate did not come back");
        assert(response.headers.get("x-request-id") === "req-1", "X-Request-Id did not come back");
        const reader = response.body!.getReader();
        // A bound, not a timing assertion: a proxy that buffered would wait here for good.
        const bound = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the first part did not come while the gateway held the rest")), 20_000).unref());
        const first = new TextDecoder().decode((await Promise.race([reader.read(), bound])).value);
        assert(first === '{"errors":[{"message":"first part",', `the first part came back as ${first}`);
        finish();
        let rest = "";
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
        assert(rest === '"extensions":{"code":"UNAUTHENTICATED"}}]}', `the rest came back as ${rest}`);
      },
    },
    {
      name: "a body over the bound is refused with 413 and never reaches the gateway",
      run: async () => {
        seen = undefined;
        const response = await fetch(proxyUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(64 * 1024 + 1) });
        assert(response.status === 413, `a body over the bound got ${response.status}`);
        // Sent in chunks with no Content-Length, it is counted as it comes.
        const chunks = new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode("x".repeat(16 * 1024)));
          },
        });
        const streamed = await fetch(proxyUrl, { method: "POST", headers: { "content-type": "application/json" }, body: chunks, duplex: "half" } as RequestInit);
        assert(streamed.status === 413, `a streamed body over the bound got ${streamed.status}`);
        assert(seen === undefined, "the gateway got an oversized body");
      },
    },
    {
      name: "with no gateway at its URL, the app gets a GraphQL error naming the URL and how to start it",
      run: async () => {
        const response = await fetch(downProxyUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
        assert(response.status === 502, `no gateway got ${response.status}`);
        const [error] = body.errors ?? [];
        assert(error?.extensions?.code === "GATEWAY_UNREACHABLE", `the code is ${error?.extensions?.code}`);
        assert(error.message.includes(downUrl) && error.message.includes("npm start"), `the message is "${error.message}"`);
      },
    },
  ];
  const close = async () => {
    for (const server of [gateway, app, downApp]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  };
  return { steps, close };
}
