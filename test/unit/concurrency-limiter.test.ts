import { describe, expect, it } from "vitest";
import { createConcurrencyLimiter } from "../../src/bepaid/concurrency-limiter.js";

describe("the concurrency limiter", () => {
  it("admits up to the cap, queues up to the queue's length, and refuses the rest at once", async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrent: 2, maxQueued: 1 });
    expect(limiter.acquire()).toBe(true);
    expect(limiter.acquire()).toBe(true);
    const queued = limiter.acquire();
    expect(queued).toBeInstanceOf(Promise);
    expect(limiter.acquire()).toBe(false);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 2, queued: 1 });

    limiter.release();
    await expect(queued).resolves.toBe(true);
    expect({ active: limiter.active, queued: limiter.queued }).toEqual({ active: 2, queued: 0 });
    limiter.release();
    limiter.release();
    expect(limiter.active).toBe(0);
  });
});
