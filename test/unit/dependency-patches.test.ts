import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { buildSchema, execute } from "graphql";
import ky from "ky";
import Negotiator from "negotiator";
import { describe, expect, it, vi } from "vitest";

describe("the installed dependencies", () => {
  it("carry every patch of scripts/patches, so no operation's context or call's signals outlive it in the old generation", () => {
    // npm install runs them (postinstall); without them the gateway works, with more CPU per operation.
    const check = spawnSync(process.execPath, ["scripts/patch-dependencies.mjs", "--check"], { cwd: new URL("../../", import.meta.url), encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("give ky's fetch its abort signal beside a request that holds none, and abort it at the timeout", async () => {
    const seen: Array<{ requestSignal: AbortSignal; signal: AbortSignal | null | undefined }> = [];
    const fetch = (input: Request | URL | string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        seen.push({ requestSignal: (input as Request).signal, signal: init?.signal });
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason as Error));
      });
    await expect(ky.get("http://bepaid.test/customers", { fetch, timeout: 50, retry: 0 })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(seen).toHaveLength(1);
    expect(seen[0].signal?.aborted).toBe(true);
    expect(seen[0].requestSignal.aborted).toBe(false);
  });

  it("resend a read's very request on a retry, and a create's body from a fresh copy", async () => {
    const requests: Request[] = [];
    const bodies: string[] = [];
    const fetch = async (input: Request | URL | string) => {
      const request = input as Request;
      requests.push(request);
      if (request.body) bodies.push(await request.text());
      return new Response("{}", { status: requests.length === 1 ? 503 : 200 });
    };
    await ky.get("http://bepaid.test/customers", { fetch, retry: { limit: 1, backoffLimit: 1 } });
    expect(requests).toHaveLength(2);
    expect(requests[1]).toBe(requests[0]);

    requests.length = 0;
    await ky.post("http://bepaid.test/customers", { fetch, json: { email: "x" }, retry: { limit: 1, methods: ["post"], backoffLimit: 1 } });
    expect(requests).toHaveLength(2);
    expect(requests[1]).not.toBe(requests[0]);
    expect(bodies).toEqual(['{"email":"x"}', '{"email":"x"}']);
  });

  it("let Apollo Server hash each query text as its own, remembered or not", async () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "hi" } } });
    await apollo.start();
    const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
    // Automatic persisted queries check the sent hash against the text's: a wrong remembered hash would fail them.
    const send = async (query: string, hash: string) => {
      const { body } = await apollo.executeOperation({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      return body.kind === "single" ? body.singleResult : undefined;
    };
    const short = "{ hello }";
    const long = `{ hello } # ${"x".repeat(9000)}`; // over the 8,192 characters it remembers
    for (const query of [short, short, long, long, "{ hello hello }"]) {
      expect(await send(query, sha256(query))).toEqual({ data: { hello: "hi" } });
      expect(await send(query, sha256(`${query} `))).toMatchObject({ errors: [{ message: "provided sha does not match query" }] });
    }
    await apollo.stop();
  });

  it("let Apollo Server hand a gateway-mode operation to its executor without negotiating a media type, and still negotiate in schema mode", async () => {
    const typeDefs = "type Query { hello: String }";
    const schema = buildSchema(typeDefs);
    const rootValue = { hello: "hi" };
    const negotiations = vi.spyOn(Negotiator.prototype, "mediaType");
    try {
      const seen: Array<{ operationName: string | null | undefined; contextValue: unknown }> = [];
      const gatewayMode = new ApolloServer<{ caller: string }>({
        gateway: {
          load: async () => ({
            executor: async ({ document, request, context, operationName }) => {
              seen.push({ operationName, contextValue: context });
              return execute({ schema, document, rootValue, variableValues: request.variables, contextValue: context });
            },
          }),
          onSchemaLoadOrUpdate: (callback) => {
            callback({ apiSchema: schema, coreSupergraphSdl: typeDefs });
            return () => {};
          },
          stop: async () => {},
        },
      });
      const schemaMode = new ApolloServer({ typeDefs, resolvers: { Query: { hello: () => "hi" } } });
      await Promise.all([gatewayMode.start(), schemaMode.start()]);
      const single = ({ body }: Awaited<ReturnType<typeof schemaMode.executeOperation>>) => (body.kind === "single" ? body.singleResult : undefined);

      expect(single(await gatewayMode.executeOperation({ query: "query Hi { hello }" }, { contextValue: { caller: "c" } }))).toEqual({ data: { hello: "hi" } });
      expect(seen).toEqual([{ operationName: "Hi", contextValue: { caller: "c" } }]);
      expect(negotiations).not.toHaveBeenCalled();

      expect(single(await schemaMode.executeOperation({ query: "{ hello }" }))).toEqual({ data: { hello: "hi" } });
      expect(negotiations).toHaveBeenCalledTimes(1);
      await Promise.all([gatewayMode.stop(), schemaMode.stop()]);
    } finally {
      negotiations.mockRestore();
    }
  });

  it("let Apollo Server answer each Accept header with the media type it asks for, remembered or not", async () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "hi" } } });
    await apollo.start();
    const answer = async (accept: string | undefined) => {
      const headers = new HeaderMap([["content-type", "application/json"]]);
      if (accept !== undefined) headers.set("accept", accept);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: "", body: { query: "{ hello }" } },
        context: async () => ({}),
      });
      return [result.status ?? 200, result.headers.get("content-type")];
    };
    const long = `application/graphql-response+json, ${"x-custom/y;q=0.1, ".repeat(20)}`; // over the 256 characters it remembers
    const negotiations = vi.spyOn(Negotiator.prototype, "mediaType");
    // The answer's media type is negotiated among three types (the pipeline's own negotiation, among two, is another matter).
    const answerNegotiations = (accept: string) =>
      negotiations.mock.calls.filter((call, i) => call[0]?.length === 3 && (negotiations.mock.contexts[i] as { request: { headers: { accept: string } } }).request.headers.accept === accept).length;
    for (let round = 0; round < 2; round += 1) {
      expect(await answer(undefined)).toEqual([200, "application/json; charset=utf-8"]);
      for (let again = 0; again < 3; again += 1) {
        expect(await answer("application/graphql-response+json,application/json;q=0.9")).toEqual([200, "application/graphql-response+json; charset=utf-8"]);
      }
      expect(await answer("application/graphql-response+json;q=0.5,application/json")).toEqual([200, "application/json; charset=utf-8"]);
      expect(await answer(long)).toEqual([200, "application/graphql-response+json; charset=utf-8"]);
      expect((await answer("text/html"))[0]).toBe(406);
      // More distinct headers than it remembers, each answered as negotiated.
      for (let i = 0; i < 120; i += 1) expect(await answer(`application/json, text/x-${i}`)).toEqual([200, "application/json; charset=utf-8"]);
    }
    // Asked three times a round, pushed out by the 120 others in between: once a round; the long one every time.
    expect(answerNegotiations("application/graphql-response+json,application/json;q=0.9")).toBe(2);
    expect(answerNegotiations(long)).toBe(2);
    negotiations.mockRestore();
    await apollo.stop();
  });

  it("let Apollo Server block a simple request as a CSRF risk and pass a preflighted one, remembered or not", async () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "hi" } }, csrfPrevention: true });
    await apollo.start();
    // Apollo's own content-type parser (a dependency of Apollo's, loaded as Apollo loads it).
    const mimeType = createRequire(import.meta.resolve("@apollo/server"))("whatwg-mimetype") as { parse(text: string): unknown };
    const parses = vi.spyOn(mimeType, "parse");
    const status = async (contentType: string, preflight = false) => {
      const headers = new HeaderMap([["content-type", contentType]]);
      if (preflight) headers.set("apollo-require-preflight", "true");
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: "", body: { query: "{ hello }" } },
        context: async () => ({}),
      });
      return result.status ?? 200;
    };
    const long = `application/json; ${"x=y; ".repeat(60)}`; // over the 256 characters it remembers
    // Texts no other test sends: what Apollo remembers lasts as long as the process.
    const json = "application/json; variant=csrf-test";
    const jsonUtf8 = "application/json; charset=utf-8; variant=csrf-test";
    try {
      for (let round = 0; round < 3; round += 1) {
        expect(await status(json)).toBe(200);
        expect(await status(jsonUtf8)).toBe(200);
        expect(await status(long)).toBe(200);
        for (const simple of ["text/plain", "Text/Plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
          expect(await status(simple)).toBe(400);
          expect(await status(simple, true)).toBe(200);
        }
      }
      const parsed = (text: string) => parses.mock.calls.filter(([given]) => given === text).length;
      expect(parsed(json)).toBe(1);
      expect(parsed(jsonUtf8)).toBe(1);
      expect(parsed(long)).toBe(3);
      expect(parsed("text/plain")).toBe(6);
    } finally {
      parses.mockRestore();
      await apollo.stop();
    }
  });
});
