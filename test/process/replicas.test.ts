import { print } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { CreateCustomerDocument } from "../generated/graphql.js";
import { type GatewayReplica, startReplica } from "../helpers/gateway-process.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";

const CREATE = print(CreateCustomerDocument);
const INPUT = { email: "replica@example.com", ip: "10.1.2.3", firstName: "Replica" };
const redisUp = await redisForTests("replicas on one Redis");

describe.skipIf(!redisUp)("three gateway replicas on one Redis and one bePaid", () => {
  let sandbox: Sandbox;
  let replicas: GatewayReplica[] = [];
  let key = 0;
  const nextKey = () => `replica-key-${++key}`;
  const posts = () => sandbox.calls.filter((call) => call.method === "POST").length;
  const create = (replica: GatewayReplica, idempotencyKey: string) => replica.query(CREATE, { input: INPUT }, { "idempotency-key": idempotencyKey });

  beforeAll(async () => {
    sandbox = createSandbox();
    const bepaidUrl = await sandbox.listen(0);
    const env = {
      BEPAID_API_URL: bepaidUrl,
      BEPAID_SHOP_ID: DEMO_SHOP.shopId,
      BEPAID_SECRET_KEY: DEMO_SHOP.secretKey,
      // Creates are held in flight on purpose; a slow machine must not time them out.
      BEPAID_TIMEOUT_MS: "30000",
      REDIS_URL,
      REDIS_PREFIX: uniquePrefix("replicas"),
      // A replica that dies mid-create holds its key this long before the key reads as abandoned.
      GATEWAY_IDEMPOTENCY_LEASE_MS: "1500",
    };
    replicas = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill("SIGKILL")));
    await sandbox?.close();
  });
  afterEach(() => sandbox.reset());

  it("sends one POST to bePaid for one key sent to all three at once, and each then replays it", async () => {
    // The create stays in flight long enough for every replica to see the key taken.
    sandbox.faults.push({ match: { method: "POST", path: "/customers" }, action: { kind: "delay", ms: 1500 } });
    const idempotencyKey = nextKey();
    const answers = await Promise.all(replicas.map((replica) => create(replica, idempotencyKey)));

    expect(posts()).toBe(1);
    const created = answers.filter((answer) => answer.body.errors === undefined);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const id = created[0]!.body.data.createCustomer.id as string;
    expect(id).toMatch(/^cst_/);
    for (const answer of answers) {
      if (answer.body.errors) expect(answer.body.errors.map((error) => error.extensions?.code)).toEqual(["IDEMPOTENCY_KEY_IN_USE"]);
      else expect(answer.body.data.createCustomer.id).toBe(id);
    }

    const replays = await Promise.all(replicas.map((replica) => create(replica, idempotencyKey)));
    for (const replay of replays) {
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual({ data: { createCustomer: expect.objectContaining({ id, email: INPUT.email }) } });
    }
    expect(posts()).toBe(1);
  });

  it("leaves the key of a replica killed mid-create answering UPSTREAM_OUTCOME_UNKNOWN elsewhere, with no second POST", async () => {
    sandbox.faults.push({ match: { method: "POST", path: "/customers" }, action: { kind: "hang" } });
    const idempotencyKey = nextKey();
    const [doomed, survivor] = [replicas[2]!, replicas[0]!];
    replicas = replicas.slice(0, 2);
    const lost = create(doomed, idempotencyKey).catch(() => "connection lost");
    while (posts() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await doomed.kill("SIGKILL");
    expect(await lost).toBe("connection lost");

    // While its lease runs the key is in use; once it ran out, the key says what is known.
    let answer = await create(survivor, idempotencyKey);
    for (let tries = 0; tries < 200 && answer.body.errors?.[0]?.extensions?.code === "IDEMPOTENCY_KEY_IN_USE"; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await create(survivor, idempotencyKey);
    }
    expect(answer.body).toEqual({
      data: { createCustomer: null },
      errors: [expect.objectContaining({ path: ["createCustomer"], extensions: { code: "UPSTREAM_OUTCOME_UNKNOWN" } })],
    });
    // Asked again, on either replica left, it still never sends the create again.
    expect((await create(replicas[1]!, idempotencyKey)).body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_OUTCOME_UNKNOWN");
    expect(posts()).toBe(1);
  });
});
