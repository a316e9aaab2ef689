/**
 * The floor: `node bench/.build/bare.js` with `PORT` and `UPSTREAM_URL`. A bare node:http
 * handler per query that reads a small JSON body, makes the same upstream calls the GraphQL
 * servers make, picks and renames the same fields and writes the same `{"data":...}` JSON.
 * No GraphQL, no framework, a keep-alive node:http agent: nothing can add less.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { reportListening } from "./report-listening.js";

interface Upstream {
  status: number;
  body: string;
}

type Fields = { [field: string]: string | null | undefined };

const upstreamUrl = new URL(process.env.UPSTREAM_URL ?? "http://127.0.0.1:4010");
const agent = new Agent({ keepAlive: true });
const headers = { authorization: `Basic ${Buffer.from("1:x").toString("base64")}`, accept: "application/json", "content-type": "application/json" };

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString()));
    stream.on("error", reject);
  });
}

function upstream(method: "GET" | "POST", path: string, body?: string): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const call = httpRequest({ host: upstreamUrl.hostname, port: upstreamUrl.port, method, path, headers, agent }, (response) => {
      readBody(response).then((text) => resolve({ status: response.statusCode ?? 0, body: text }), reject);
    });
    call.on("error", reject);
    call.end(body);
  });
}

/** `GET /customers/:id`, `null` on 404; anything else that is not 2xx fails the request. */
async function getCustomer(id: string): Promise<Fields | null> {
  const answer = await upstream("GET", `/customers/${encodeURIComponent(id)}`);
  if (answer.status === 404) return null;
  if (answer.status !== 200) throw new Error(`upstream answered ${answer.status}`);
  return JSON.parse(answer.body) as Fields;
}

const fiveFields = (c: Fields) => ({ id: c.id, firstName: c.first_name ?? null, lastName: c.last_name ?? null, email: c.email, country: c.country ?? null });
const threeFields = (c: Fields) => ({ id: c.id, firstName: c.first_name ?? null, email: c.email });

/** One handler per benchmark query, named by what it answers. */
const routes: { [path: string]: (body: string) => Promise<unknown> } = {
  async "/typename"() {
    return { __typename: "Query" };
  },
  async "/customer"(body) {
    const customer = await getCustomer((JSON.parse(body) as { id: string }).id);
    return { customer: customer && fiveFields(customer) };
  },
  async "/customers"() {
    const answer = await upstream("GET", "/customers");
    if (answer.status !== 200) throw new Error(`upstream answered ${answer.status}`);
    return { customers: (JSON.parse(answer.body) as Fields[]).map(threeFields) };
  },
  // Ten aliases over five ids: each distinct id read once, in parallel, as a DataLoader would.
  async "/customer-aliases"(body) {
    const aliases = Object.entries((JSON.parse(body) as { aliases: { [alias: string]: string } }).aliases);
    const ids = [...new Set(aliases.map(([, id]) => id))];
    const customers = new Map(await Promise.all(ids.map(async (id) => [id, await getCustomer(id)] as const)));
    const data: { [alias: string]: unknown } = {};
    for (const [alias, id] of aliases) {
      const customer = customers.get(id);
      data[alias] = customer ? fiveFields(customer) : null;
    }
    return data;
  },
  async "/create-customer"(body) {
    const input = (JSON.parse(body) as { input: Fields }).input;
    const snake = { first_name: input.firstName, last_name: input.lastName, email: input.email, ip: input.ip, country: input.country, city: input.city };
    const answer = await upstream("POST", "/customers", JSON.stringify(snake));
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`upstream answered ${answer.status}`);
    return { createCustomer: fiveFields(JSON.parse(answer.body) as Fields) };
  },
};

function respond(response: ServerResponse, status: number, payload: unknown) {
  const text = JSON.stringify(payload);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

const server = createServer((request, response) => {
  const route = request.method === "POST" ? routes[request.url ?? ""] : undefined;
  if (!route) return respond(response, 404, { errors: [{ message: "Not found" }] });
  readBody(request)
    .then(route)
    .then(
      (data) => respond(response, 200, { data }),
      (error: unknown) => respond(response, 502, { errors: [{ message: (error as Error).message }] }),
    );
});
server.keepAliveTimeout = 60_000;
reportListening(server);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
