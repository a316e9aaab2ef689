import { afterEach, describe, expect, it } from "vitest";
import { CustomerDocument, CustomersDocument } from "../generated/graphql.js";
import { type Stack, startStack } from "../helpers/stack.js";

const JOHN = "cst_5ca4fab9dfc7fcbf";

describe("upstream protection", () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it("opens the circuit after a run of failures, fails fast without calling bePaid, then probes and closes", async () => {
    let time = 0;
    stack = await startStack({ env: { BEPAID_BREAKER_FAILURES: "2", BEPAID_BREAKER_COOLDOWN_MS: "300", BEPAID_RETRIES: "0" }, now: () => time });
    stack.sandbox.faults.push({ times: 2, action: { kind: "respond", status: 503 } });
    await stack.execute(CustomersDocument);
    await stack.execute(CustomersDocument);
    expect(stack.upstreamCalls()).toBe(2);

    const refused = await stack.execute(CustomerDocument, { id: JOHN });
    expect(refused.body.errors?.[0]).toMatchObject({
      path: ["customer"],
      message: "bePaid is failing; the gateway is giving it a few seconds before calling again.",
      extensions: { code: "UPSTREAM_UNAVAILABLE" },
    });
    expect(stack.upstreamCalls()).toBe(2);
    expect(await metric(stack, "bepaid_circuit_state")).toBe(2);

    time += 299;
    expect((await stack.execute(CustomerDocument, { id: JOHN })).body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    time += 1;
    const probe = await stack.execute(CustomerDocument, { id: JOHN });
    expect(probe.body.data?.customer?.id).toBe(JOHN);
    expect(stack.upstreamCalls()).toBe(3);
    expect(await metric(stack, "bepaid_circuit_state")).toBe(0);
  });

  it("refuses calls past the concurrency cap and its queue at once, without piling them up", async () => {
    stack = await startStack({ env: { BEPAID_MAX_CONCURRENT: "1", BEPAID_MAX_QUEUED: "0" } });
    stack.sandbox.faults.push({ times: Infinity, action: { kind: "hang" } });
    let slowSettled = false;
    const slow = stack.execute(CustomerDocument, { id: JOHN }).finally(() => (slowSettled = true));
    while (stack.upstreamCalls() === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const refused = await stack.execute(CustomersDocument);
    // Refused while the slot's holder still waits on bePaid: nothing queued behind it.
    expect(slowSettled).toBe(false);
    expect(refused.body.errors?.[0]).toMatchObject({
      message: "The gateway has too many bePaid calls in flight; retry shortly.",
      extensions: { code: "UPSTREAM_UNAVAILABLE" },
    });
    expect((await slow).body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_TIMEOUT");
    expect(stack.upstreamCalls("GET", "/customers")).toBe(0);
  });
});

/** The value of an unlabelled metric from /metrics. */
async function metric(stack: Stack, name: string): Promise<number> {
  const text = await fetch(new URL("/metrics", stack.gatewayUrl)).then((response) => response.text());
  const line = text.split("\n").find((row) => row.startsWith(`${name} `));
  return Number(line?.split(" ")[1]);
}
