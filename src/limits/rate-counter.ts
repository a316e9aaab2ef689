import { BoundedCache } from "../cache/bounded-cache.js";

/** One caller's count in the current window, after counting one more operation. */
export interface RateCount {
  /** Operations counted in the window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  resetInMs: number;
}

/**
 * Where operations per caller are counted: one counter per caller per fixed window, started by
 * the caller's first operation in it. In memory by default; in Redis (redis-rate-counter.ts)
 * the count holds across replicas. A counter that cannot count throws.
 */
export interface RateCounter {
  /** Counts one operation of `caller` in its window of `windowMs`. */
  hit(caller: string, windowMs: number): Promise<RateCount>;
  /** `caller`'s count in its current window, counting nothing; undefined when it has none running. */
  peek(caller: string): Promise<RateCount | undefined>;
}

/**
 * The in-memory counter, for one process. Past `maxCallers` the oldest windows go first, so a
 * flood of callers (anonymous addresses) cannot grow the process without bound; a caller
 * forgotten that way starts a fresh window.
 */
export function createMemoryRateCounter({ maxCallers = 100_000, now = Date.now } = {}): RateCounter {
  const windows = new BoundedCache<string, { count: number; endsAt: number }>({ max: maxCallers });
  return {
    async hit(caller, windowMs) {
      const time = now();
      let window = windows.get(caller);
      if (!window || window.endsAt <= time) {
        windows.delete(caller);
        // Window-start order is end order (every window is as long), so the ended ones lead.
        windows.dropOldestWhile(({ endsAt }) => endsAt <= time);
        window = { count: 0, endsAt: time + windowMs };
        windows.set(caller, window);
      }
      window.count += 1;
      return { count: window.count, resetInMs: window.endsAt - time };
    },
    async peek(caller) {
      const time = now();
      const window = windows.get(caller);
      return window && window.endsAt > time ? { count: window.count, resetInMs: window.endsAt - time } : undefined;
    },
  };
}
