import { createServer, type IncomingMessage, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { respondToRequestFailure } from "../../src/http/request-failure.js";
import { BodyTooLargeError, readBody } from "../../src/http/read-body.js";
import type { RequestReport } from "../../src/observability/request-report.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** A server whose handler fails as `fail` says, answered by respondToRequestFailure; what it recorded. */
async function serverFailingWith(fail: (request: IncomingMessage) => Promise<void>) {
  const { logger, entries } = captureLogger();
  const reports: RequestReport[] = [];
  const server: Server = createServer((request, response) => {
    const report: RequestReport = { requestId: "r", errors: [], bepaidCalls: [], replayed: false, trace: undefined };
    reports.push(report);
    fail(request).catch((error: unknown) => respondToRequestFailure(error, { request, response, report, logger }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, entries, reports };
}

const servers: Server[] = [];

describe("respondToRequestFailure: every request gets an answer", () => {
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("answers a failure after the whole body was read with 500 INTERNAL_SERVER_ERROR, logging the error in full", async () => {
    const { url, entries, reports } = await serverFailingWith(async (request) => {
      await readBody(request);
      throw new TypeError("Cannot convert object to primitive value");
    });
    const response = await fetch(url, { method: "POST", body: '{"documentId":{"toString":1}}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ errors: [{ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    expect(reports[0]!.errors).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 50,
        msg: "request failed outside GraphQL",
        err: expect.objectContaining({ type: "TypeError", message: "Cannot convert object to primitive value", stack: expect.stringContaining("TypeError") }),
      }),
    ]);
  });

  it("answers a body over the cap with 413, logging nothing beyond the request's own line", async () => {
    const { url, entries, reports } = await serverFailingWith(async () => {
      throw new BodyTooLargeError();
    });
    const response = await fetch(url, { method: "POST", body: "{}" });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: "The request body is larger than 1 MB.", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    expect(reports[0]!.errors).toEqual(["PAYLOAD_TOO_LARGE"]);
    expect(entries()).toEqual([]);
  });

  it("writes nothing to a client that left mid-body, and records no error: it is a client that went away", async () => {
    const failed = vi.fn();
    const { url, entries, reports } = await serverFailingWith(async (request) => {
      await readBody(request).catch((error: unknown) => {
        failed();
        throw error;
      });
    });
    const sent = httpRequest(url, { method: "POST", headers: { "content-length": "100" } });
    sent.on("error", () => undefined);
    sent.write('{"query":');
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    sent.destroy();
    await vi.waitFor(() => expect(failed).toHaveBeenCalled());
    expect(reports[0]!.errors).toEqual([]);
    expect(entries()).toEqual([]);
  });

  it("cuts an answer already under way rather than start another one", async () => {
    const { logger, entries } = captureLogger();
    const report: RequestReport = { requestId: "r", errors: [], bepaidCalls: [], replayed: false, trace: undefined };
    const server = createServer((request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"data":');
      respondToRequestFailure(new Error("mid-answer"), { request, response, report, logger });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const read = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then(
      (response) => response.text().then(() => "read whole", () => "cut"),
      () => "cut",
    );
    expect(read).toBe("cut");
    expect(report.errors).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(entries()).toEqual([expect.objectContaining({ level: 50, msg: "request failed outside GraphQL" })]);
  });
});
