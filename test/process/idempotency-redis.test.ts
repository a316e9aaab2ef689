import { describe } from "vitest";
import { idempotencyRules } from "../helpers/idempotency-rules.js";
import { REDIS_URL, redisForTests, uniquePrefix } from "../helpers/redis.js";

const redisUp = await redisForTests("Idempotency-Key kept in Redis");

describe.skipIf(!redisUp)("Idempotency-Key kept in Redis", () => idempotencyRules("in Redis", { REDIS_URL, REDIS_PREFIX: uniquePrefix("idempotency") }));
