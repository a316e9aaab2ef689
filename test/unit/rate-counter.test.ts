import { describe, expect, it } from "vitest";
import { createMemoryRateCounter } from "../../src/limits/rate-counter.js";

describe("the in-memory rate counter", () => {
  it("counts a caller's operations in a window that starts with its first one", async () => {
    let time = 1_000;
    const counter = createMemoryRateCounter({ now: () => time });
    expect(await counter.hit("a", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    time += 15_000;
    expect(await counter.hit("a", 60_000)).toEqual({ count: 2, resetInMs: 45_000 });
    expect(await counter.hit("b", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it("starts over once the window ended", async () => {
    let time = 0;
    const counter = createMemoryRateCounter({ now: () => time });
    await counter.hit("a", 60_000);
    await counter.hit("a", 60_000);
    time = 60_000;
    expect(await counter.hit("a", 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it("forgets the oldest callers past its size, so a flood of addresses cannot grow it without bound", async () => {
    const counter = createMemoryRateCounter({ maxCallers: 2, now: () => 0 });
    for (const caller of ["a", "a", "b", "c"]) await counter.hit(caller, 60_000);
    // "a" was forgotten to make room for "c": it starts a fresh window.
    expect(await counter.hit("a", 60_000)).toMatchObject({ count: 1 });
    expect(await counter.hit("c", 60_000)).toMatchObject({ count: 2 });
  });
  it("reads a caller's count without counting, and nothing once its window ended or before it began", async () => {
    let time = 0;
    const counter = createMemoryRateCounter({ now: () => time });
    expect(await counter.peek("a")).toBeUndefined();
    await counter.hit("a", 60_000);
    time = 20_000;
    expect(await counter.peek("a")).toEqual({ count: 1, resetInMs: 40_000 });
    expect(await counter.peek("a")).toEqual({ count: 1, resetInMs: 40_000 });
    time = 60_000;
    expect(await counter.peek("a")).toBeUndefined();
  });
});
