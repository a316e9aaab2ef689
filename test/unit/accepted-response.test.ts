import { ApolloServer, HeaderMap } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { acceptedResponse, requestErrorStatus } from "../../src/http/accepted-response.js";

const APOLLO_CLIENT = "application/graphql-response+json,application/json;q=0.9";
const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("acceptedResponse", () => {
  it("lets a caller with no Accept, a wildcard or the GraphQL response type get 4xx request errors", () => {
    for (const accept of [undefined, "", "  ", "*/*", "application/*", APOLLO_CLIENT, "application/graphql-response+json"]) {
      expect(acceptedResponse("POST", accept, { landingPage: false })).toBe("graphql-response");
    }
  });

  it("treats a caller accepting only application/json as a legacy client", () => {
    expect(acceptedResponse("POST", "application/json", { landingPage: false })).toBe("json-only");
    expect(acceptedResponse("POST", "application/graphql-response+json;q=0, application/json", { landingPage: false })).toBe("json-only");
  });

  it("refuses a caller that accepts neither JSON type", () => {
    expect(acceptedResponse("POST", "text/html", { landingPage: false })).toBe("none");
    expect(acceptedResponse("GET", "image/png", { landingPage: true })).toBe("none");
  });

  it("shows the landing page only to a GET preferring HTML, and only where the landing page is on", () => {
    expect(acceptedResponse("GET", BROWSER, { landingPage: true })).toBe("landing-page");
    expect(acceptedResponse("POST", BROWSER, { landingPage: true })).toBe("graphql-response");
    expect(acceptedResponse("GET", BROWSER, { landingPage: false })).toBe("graphql-response");
    // Asked again, in the other order: a remembered answer never crosses from one case to another.
    expect(acceptedResponse("GET", BROWSER, { landingPage: false })).toBe("graphql-response");
    expect(acceptedResponse("POST", BROWSER, { landingPage: true })).toBe("graphql-response");
    expect(acceptedResponse("GET", BROWSER, { landingPage: true })).toBe("landing-page");
  });

  it.each([
    "multipart/mixed, text/html;q=0.9",
    "multipart/mixed;deferSpec=20220824, text/html;q=0.5",
    'multipart/mixed;incrementalSpec="v0.2", text/html;q=0.5',
    "text/html;q=0.9, multipart/mixed",
  ])("decides the landing page for %s as Apollo does: no page for a caller preferring incremental delivery", (accept) => {
    const apollo = new ApolloServer({ typeDefs: "type Query { a: Int }" });
    const apolloShowsPage = (Reflect.get(apollo, "prefersHTML") as (request: object) => boolean).call(apollo, {
      method: "GET",
      headers: new HeaderMap([["accept", accept]]),
    });
    expect(apolloShowsPage).toBe(false);
    expect(acceptedResponse("GET", accept, { landingPage: true })).not.toBe("landing-page");
  });

  it("agrees with Apollo's own landing-page test on every header of a varied list", () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { a: Int }" });
    const prefersHTML = Reflect.get(apollo, "prefersHTML") as (request: object) => boolean;
    const headers = [
      "", " ", "*/*", "text/*", "text/html", BROWSER, APOLLO_CLIENT, "application/json", "application/json, text/html",
      "text/html, application/json;q=0.9", "application/json;q=0.5, text/html;q=0.5", "text/html;q=0.5, application/json;q=0.5",
      "multipart/mixed", "multipart/*, text/html;q=0.9", "multipart/mixed;q=0.9, text/html", "image/png", "text/plain, text/html;q=0.1",
      "application/json; charset=utf-8, text/html;q=0.9", "application/json;charset=latin1, text/html;q=0.9", "*/*;q=0.1, text/html",
    ];
    for (const accept of headers) {
      const apolloShowsPage = prefersHTML.call(apollo, { method: "GET", headers: new HeaderMap([["accept", accept]]) });
      expect([accept, acceptedResponse("GET", accept, { landingPage: true }) === "landing-page"]).toEqual([accept, apolloShowsPage]);
    }
  });

  it("answers the same for a header it remembers, one too long to remember, and one pushed out by many others", () => {
    const long = `application/json, ${"x-custom/y;q=0.1, ".repeat(20)}`;
    expect(long.length).toBeGreaterThan(256);
    for (let round = 0; round < 2; round += 1) {
      expect(acceptedResponse("POST", long, { landingPage: false })).toBe("json-only");
      expect(acceptedResponse("POST", "application/json", { landingPage: false })).toBe("json-only");
      // More distinct headers than are remembered, each answered as negotiated.
      for (let i = 0; i < 150; i += 1) {
        expect(acceptedResponse("POST", `text/plain;v=${i}`, { landingPage: false })).toBe("none");
        expect(acceptedResponse("POST", `application/json, text/x-${i}`, { landingPage: false })).toBe("json-only");
      }
    }
  });
});

describe("requestErrorStatus", () => {
  it("answers request errors with 200 for a legacy JSON client and 400 otherwise", () => {
    expect(requestErrorStatus("json-only")).toBe(200);
    expect(requestErrorStatus("graphql-response")).toBe(400);
  });
});
