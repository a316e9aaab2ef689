/**
 * The collector `gateway-otel` exports its spans to: `node bench/.build/otlp-sink.js` with `PORT`.
 * It takes `POST /v1/traces` and answers a full success without decoding, so that what the
 * benchmark sees is what exporting costs the gateway, not what a collector costs. `GET
 * /__exports` counts the export requests and bytes it took (not itself counted), so a run can
 * show that the spans really left.
 */
import { createServer } from "node:http";
import { reportListening } from "./report-listening.js";

let exports = 0;
let bytes = 0;

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/__exports") {
    return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ exports, bytes }));
  }
  request.on("data", (chunk: Buffer) => (bytes += chunk.length));
  request.on("end", () => {
    if (request.method !== "POST" || request.url !== "/v1/traces") return void response.writeHead(404).end();
    exports++;
    // An empty ExportTraceServiceResponse, as the exporter's protobuf reader expects.
    response.writeHead(200, { "content-type": "application/x-protobuf", "content-length": 0 }).end();
  });
});
server.keepAliveTimeout = 60_000;
reportListening(server);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");
