import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplica } from "../helpers/gateway-process.js";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver.js";

const RECORDER = fileURLToPath(new URL("../helpers/loaded-modules.mjs", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "gw-traces-"));

/** Runs `npm start`'s command with `env`, serves one operation, stops it with SIGTERM; resolves to the OpenTelemetry packages it loaded. */
async function serveOnce(name: string, env: Record<string, string>, headers: Record<string, string> = {}) {
  const loaded = join(folder, `${name}.txt`);
  const gateway = await startReplica({ ...env, NODE_OPTIONS: `--import ${RECORDER}`, LOADED_MODULES_FILE: loaded });
  const answer = await gateway.query('{ customer(id: "cst_5ca4fab9dfc7fcbf") { id } }', undefined, headers);
  expect(answer.body).toEqual({ data: { customer: { id: "cst_5ca4fab9dfc7fcbf" } } });
  await gateway.kill("SIGTERM");
  const packages = new Set(
    readFileSync(loaded, "utf8")
      .split("\n")
      .flatMap((path) => path.match(/node_modules\/(@opentelemetry\/[^/]+)\//)?.[1] ?? []),
  );
  return { packages, logs: gateway.logs() };
}

describe("traces in the gateway process", () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver?.close());

  it("load nothing of OpenTelemetry's SDK when no OTLP endpoint is set", { timeout: 60_000 }, async () => {
    const { packages } = await serveOnce("off", {});
    // prom-client loads the API alone for its CPU metric, with or without traces.
    expect([...packages]).toEqual(["@opentelemetry/api"]);
  });

  it("load the SDK and only the configured protocol's exporter, and flush the spans on SIGTERM", { timeout: 60_000 }, async () => {
    const traceId = randomBytes(16).toString("hex");
    const { packages, logs } = await serveOnce(
      "on",
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        // A batch waits ten minutes: only the shutdown's flush can deliver these spans.
        OTEL_BSP_SCHEDULE_DELAY: "600000",
      },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(packages).toContain("@opentelemetry/sdk-trace-base");
    expect(packages).toContain("@opentelemetry/exporter-trace-otlp-proto");
    expect(packages).not.toContain("@opentelemetry/exporter-trace-otlp-http");

    // The process has exited: whatever was exported arrived before it did.
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    expect(spans.map((span) => span.name).sort()).toEqual(["GET /customers/{id}", "POST /graphql", "query"]);
    expect(receiver.exports.map((received) => received.protocol)).toEqual(["http/protobuf"]);
    const line = logs.map((text) => (text.startsWith("{") ? JSON.parse(text) : {})).find((entry) => entry.msg === "operation");
    expect(line).toMatchObject({ traceId });
  });
});
