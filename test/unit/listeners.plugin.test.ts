import type { BaseContext, GraphQLRequestContext, GraphQLRequestListener } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { listenersPlugin } from "../../src/apollo/listeners.plugin.js";

const requestContext = {} as GraphQLRequestContext<BaseContext>;

describe("the gateway's listeners as one Apollo plugin", () => {
  it("gives Apollo the same listener for every request, built once", async () => {
    const plugin = listenersPlugin([{ async willSendResponse() {} }]);
    const first = await plugin.requestDidStart!(requestContext);
    expect(await plugin.requestDidStart!(requestContext)).toBe(first);
  });

  it("runs every listener's hook, each given the request, and only the hooks some listener has", async () => {
    const seen: string[] = [];
    const listener = (name: string): GraphQLRequestListener<BaseContext> => ({
      async didResolveOperation(context) {
        expect(context).toBe(requestContext);
        seen.push(`${name}:operation`);
      },
    });
    const combined = (await listenersPlugin([listener("a"), listener("b"), { async willSendResponse() { seen.push("c:send"); } }]).requestDidStart!(requestContext))!;
    expect(Object.keys(combined).sort()).toEqual(["didResolveOperation", "willSendResponse"]);
    await combined.didResolveOperation!(requestContext as never);
    await combined.willSendResponse!(requestContext as never);
    expect(seen).toEqual(["a:operation", "b:operation", "c:send"]);
  });

  it("starts every listener's hook even when an earlier one fails, and fails with the first failure", async () => {
    const seen: string[] = [];
    const combined = (await listenersPlugin([
      { async didResolveOperation() { throw new Error("too many lookups"); } },
      { async didResolveOperation() { seen.push("report named the operation"); } },
    ]).requestDidStart!(requestContext))!;
    await expect(combined.didResolveOperation!(requestContext as never)).rejects.toThrow("too many lookups");
    expect(seen).toEqual(["report named the operation"]);
  });

  it("refuses a listener with a hook whose answers Apollo does not simply await, such as executionDidStart", () => {
    expect(() => listenersPlugin([{ async executionDidStart() {} }])).toThrow("listenersPlugin combines notification hooks only; executionDidStart is not one");
  });
});
