import { describe, expect, it } from "vitest";
import { requestPath, requestSearch } from "../../src/http/request-path.js";

describe("a request's path", () => {
  it("is the target without its query, or the whole target when it has none", () => {
    expect(requestPath("/graphql?query=%7B__typename%7D")).toBe("/graphql");
    expect(requestPath("/graphql")).toBe("/graphql");
    expect(requestPath("/healthz?")).toBe("/healthz");
    expect(requestPath("?a=b")).toBe("");
  });

  it("is / when Node gives no target", () => {
    expect(requestPath(undefined)).toBe("/");
  });
});

describe("a request's query", () => {
  it("is the target's part from its ? on, or empty when it has none", () => {
    expect(requestSearch("/graphql?query=%7B__typename%7D")).toBe("?query=%7B__typename%7D");
    expect(requestSearch("/graphql?a=1?b=2")).toBe("?a=1?b=2");
    expect(requestSearch("/graphql?")).toBe("?");
    expect(requestSearch("/graphql")).toBe("");
    expect(requestSearch(undefined)).toBe("");
  });
});
