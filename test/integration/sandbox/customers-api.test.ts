import { request as httpRequest, Agent } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../../src/sandbox/demo-shop.js";
import { createSandbox } from "../../../src/sandbox/sandbox.js";
import { DOCS_CREATE_REQUEST, DOCS_LIST_TEXT } from "../../helpers/bepaid-docs.js";
import { basic, MINIMAL_CUSTOMER, startSandbox, type Harness } from "../../helpers/sandbox-harness.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let harness: Harness;
beforeEach(async () => {
  harness = await startSandbox();
});
afterEach(() => harness.sandbox.close());

describe("POST /customers", () => {
  it("creates the docs' example customer and answers 201 with it under a cst_ id", async () => {
    const reply = await harness.request("POST", "/customers", { body: DOCS_CREATE_REQUEST });
    expect(reply.status).toBe(201);
    expect(reply.json.id).toMatch(/^cst_[0-9a-f]{16}$/);
    expect(reply.text).toBe(JSON.stringify({ id: reply.json.id, ...DOCS_CREATE_REQUEST }));
  });

  it("leaves fields that were not given out of the answer", async () => {
    const reply = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    expect(Object.keys(reply.json)).toEqual(["id", "email", "ip"]);
  });

  it("gives every customer a new id", async () => {
    const first = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    const second = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    expect(first.json.id).not.toBe(second.json.id);
  });
});

describe("GET /customers/:id", () => {
  it("answers a created customer as it was created", async () => {
    const created = await harness.request("POST", "/customers", { body: DOCS_CREATE_REQUEST });
    const reply = await harness.request("GET", `/customers/${created.json.id}`);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(created.text);
  });

  it("answers 404 Record not found for an unknown id", async () => {
    const reply = await harness.request("GET", "/customers/cst_0000000000000000");
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ response: { message: "Record not found" } });
  });
});

describe("GET /customers", () => {
  it("answers the docs' list example on a fresh sandbox", async () => {
    const reply = await harness.request("GET", "/customers");
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(DOCS_LIST_TEXT);
  });

  it("answers a bare array in creation order, the seed first", async () => {
    const created = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    const reply = await harness.request("GET", "/customers");
    expect(reply.json.map((customer: { id: string }) => customer.id)).toEqual([
      "cst_5ca4fab9dfc7fcbf",
      "cst_9f65045c1f4c3676",
      created.json.id,
    ]);
  });

  it("answers an empty array when seeding is off", async () => {
    const unseeded = await startSandbox({ seed: false });
    try {
      expect((await unseeded.request("GET", "/customers")).text).toBe("[]");
    } finally {
      await unseeded.sandbox.close();
    }
  });
});

describe("authentication", () => {
  it("refuses a request without credentials with 401", async () => {
    const reply = await harness.request("GET", "/customers", { auth: null });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: "Invalid shop_id/secret_key." });
  });

  it("refuses a wrong secret key and an unknown shop id with 401", async () => {
    for (const auth of [basic({ ...DEMO_SHOP, secretKey: "wrong" }), basic({ ...DEMO_SHOP, shopId: "362" })]) {
      const reply = await harness.request("POST", "/customers", { auth, body: MINIMAL_CUSTOMER });
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ message: "Invalid shop_id/secret_key." });
    }
    expect((await harness.request("GET", "/customers")).json).toHaveLength(2);
  });

  it("refuses credentials of another scheme", async () => {
    const reply = await harness.request("GET", "/customers", { auth: `Bearer ${DEMO_SHOP.secretKey}` });
    expect(reply.status).toBe(401);
  });
});

describe("shops", () => {
  const shopA = { shopId: "100", secretKey: "secret-a" };
  const shopB = { shopId: "200", secretKey: "secret-b" };

  it("keeps each shop's customers apart", async () => {
    const two = await startSandbox({ shops: [shopA, shopB] });
    try {
      const created = await two.request("POST", "/customers", { auth: basic(shopA), body: MINIMAL_CUSTOMER });
      expect((await two.request("GET", `/customers/${created.json.id}`, { auth: basic(shopA) })).status).toBe(200);
      expect((await two.request("GET", `/customers/${created.json.id}`, { auth: basic(shopB) })).status).toBe(404);
      expect((await two.request("GET", "/customers", { auth: basic(shopB) })).json).toHaveLength(2);
      expect((await two.request("GET", "/customers", { auth: basic(shopA) })).json).toHaveLength(3);
    } finally {
      await two.sandbox.close();
    }
  });

  it("does not open one shop with another shop's secret key", async () => {
    const two = await startSandbox({ shops: [shopA, shopB] });
    try {
      const auth = basic({ shopId: shopA.shopId, secretKey: shopB.secretKey });
      expect((await two.request("GET", "/customers", { auth })).status).toBe(401);
    } finally {
      await two.sandbox.close();
    }
  });

  it("refuses two shops with the same id", () => {
    expect(() => createSandbox({ shops: [shopA, { ...shopB, shopId: shopA.shopId }] })).toThrow(TypeError);
  });
});

describe("every answer", () => {
  it("is JSON in UTF-8 and carries a fresh X-Request-Id, recorded with the call", async () => {
    const replies = [
      await harness.request("POST", "/customers", { body: DOCS_CREATE_REQUEST }),
      await harness.request("POST", "/customers", { body: "{" }),
      await harness.request("GET", "/customers"),
      await harness.request("GET", "/customers/cst_unknown"),
      await harness.request("GET", "/customers", { auth: null }),
      await harness.request("GET", "/nowhere"),
      await harness.request("DELETE", "/customers/cst_5ca4fab9dfc7fcbf"),
    ];
    const ids = replies.map((reply) => reply.headers.get("x-request-id"));
    for (const reply of replies) expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(replies.length);
    expect(harness.sandbox.calls.map((call) => call.requestId)).toEqual(ids);
  });
});

describe("routing", () => {
  it("answers 404 Not found for an unknown path, with or without credentials", async () => {
    for (const auth of [undefined, null]) {
      const reply = await harness.request("GET", "/customer", { auth });
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ message: "Not found" });
    }
  });

  it("answers 405 with Allow for a wrong method on a known path", async () => {
    const list = await harness.request("PUT", "/customers", { body: MINIMAL_CUSTOMER });
    expect(list.status).toBe(405);
    expect(list.headers.get("allow")).toBe("GET, POST");
    const one = await harness.request("DELETE", "/customers/cst_5ca4fab9dfc7fcbf");
    expect(one.status).toBe(405);
    expect(one.headers.get("allow")).toBe("GET");
  });

  it("answers 413 to a body over 1 MiB and keeps serving", async () => {
    const reply = await harness.request("POST", "/customers", { body: " ".repeat(1024 * 1024 + 1) });
    expect(reply.status).toBe(413);
    expect(reply.json).toEqual({ message: "Request body is too large" });
    expect((await harness.request("GET", "/customers")).status).toBe(200);
  });

  it("ignores the query string", async () => {
    expect((await harness.request("GET", "/customers?page=2")).json).toHaveLength(2);
  });
});

describe("calls", () => {
  it("records method, path and claimed shop id of every request, refused ones included", async () => {
    await harness.request("GET", "/customers?x=1");
    await harness.request("GET", "/customers", { auth: basic({ shopId: "999", secretKey: "nope" }) });
    await harness.request("POST", "/customers", { auth: null, body: MINIMAL_CUSTOMER });
    expect(harness.sandbox.calls.map(({ method, path, shopId }) => ({ method, path, shopId }))).toEqual([
      { method: "GET", path: "/customers", shopId: DEMO_SHOP.shopId },
      { method: "GET", path: "/customers", shopId: "999" },
      { method: "POST", path: "/customers", shopId: null },
    ]);
  });

  it("are cleared by reset(), while customers stay", async () => {
    const created = await harness.request("POST", "/customers", { body: MINIMAL_CUSTOMER });
    harness.sandbox.reset();
    expect(harness.sandbox.calls).toEqual([]);
    expect((await harness.request("GET", `/customers/${created.json.id}`)).status).toBe(200);
  });
});

describe("connections", () => {
  it("serves several requests, of several shops, over one kept-alive connection", async () => {
    const other = { shopId: "7", secretKey: "seven" };
    const two = await startSandbox({ shops: [DEMO_SHOP, other] });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (auth: string) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = httpRequest(`${two.sandbox.url}/customers`, { agent, headers: { Authorization: auth } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const answers = [await get(basic(DEMO_SHOP)), await get("Basic bm9wZTpub3Bl"), await get(basic(other))];
      expect(answers).toEqual([
        { status: 200, reused: false },
        { status: 401, reused: true },
        { status: 200, reused: true },
      ]);
    } finally {
      agent.destroy();
      await two.sandbox.close();
    }
  });

  it("knows its base URL only while listening", async () => {
    expect(harness.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await harness.sandbox.close();
    expect(() => harness.sandbox.url).toThrow(/not listening/);
  });
});
