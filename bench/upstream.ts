/**
 * The bePaid stand-in every server calls: `node bench/.build/upstream.js` with `PORT`.
 * As fast as node:http allows (every answer is a precomputed buffer), so that what the
 * benchmark sees is what the servers in front of it add. `GET /customers` answers 100
 * customers, or as many as a `list-<N>` shop id says (Q5's shop of 30,000). It counts the calls it gets:
 * `GET /__calls` reads the count, `POST /__calls/reset` zeroes it; neither is counted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { CUSTOMER_COUNT, customerRecord, listLengthFor } from "./customers.fixture.js";
import { reportListening } from "./report-listening.js";

const records = Array.from({ length: CUSTOMER_COUNT }, (_, index) => customerRecord(index));
const byId = new Map(records.map((record) => [record.id, Buffer.from(JSON.stringify(record))]));
/** `GET /customers` per list length, made on first use (a shop's length comes from its id). */
const lists = new Map<number, Buffer>();
const listOf = (length: number) => {
  let list = lists.get(length);
  if (!list) lists.set(length, (list = Buffer.from(JSON.stringify(Array.from({ length }, (_, index) => customerRecord(index))))));
  return list;
};
/** The Basic user name of a request (the shop id), read without checking the secret. */
const shopOf = (request: IncomingMessage) => {
  const [scheme, value] = (request.headers.authorization ?? "").split(" ");
  return scheme === "Basic" && value ? Buffer.from(value, "base64").toString("utf8").split(":")[0] : undefined;
};
const notFound = Buffer.from(JSON.stringify({ response: { message: "Record not found" } }));
const CUSTOMER_PATH = "/customers/";

let calls = 0;
let requestIds = 0;
let createdIds = 0;

function send(response: ServerResponse, status: number, body: Buffer | string) {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    // The gateway reads it into every upstream error; a counter is as good as bePaid's UUID here.
    "x-request-id": String(++requestIds),
  });
  response.end(body);
}

/** Echoes the body back with a new id in front: no parsing, so a create costs what a read does. */
function create(request: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString().trim();
    const id = `"id":"cst_${(++createdIds).toString(16).padStart(16, "0")}"`;
    if (!body.startsWith("{")) return send(response, 422, '{"message":"Body is not a JSON object"}');
    send(response, 201, body === "{}" ? `{${id}}` : `{${id},${body.slice(1)}`);
  });
}

const server = createServer((request, response) => {
  const url = request.url ?? "/";
  const method = request.method;
  if (url === "/__calls") return send(response, 200, `{"calls":${calls}}`);
  if (url === "/__calls/reset" && method === "POST") {
    calls = 0;
    return send(response, 200, '{"calls":0}');
  }
  calls++;
  // Basic auth is accepted without looking: the stand-in measures transport, not bePaid's rules.
  if (method === "GET" && url.startsWith(CUSTOMER_PATH)) {
    const customer = byId.get(url.slice(CUSTOMER_PATH.length));
    return customer ? send(response, 200, customer) : send(response, 404, notFound);
  }
  if (url === "/customers" && method === "GET") return send(response, 200, listOf(listLengthFor(shopOf(request))));
  if (url === "/customers" && method === "POST") return create(request, response);
  send(response, 404, '{"message":"Not found"}');
});
// Longer than any pause between two runs, so pooled connections from the servers stay open.
server.keepAliveTimeout = 60_000;
reportListening(server);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
