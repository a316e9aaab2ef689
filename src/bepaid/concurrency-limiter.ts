/** Settings of {@link createConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** Calls allowed in flight at once. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; past that, calls are refused at once. */
  maxQueued: number;
}

/** Caps concurrent bePaid calls so a burst queues briefly instead of piling up sockets and memory. */
export interface ConcurrencyLimiter {
  /** Calls in flight now (a metric). */
  readonly active: number;
  /** Calls waiting for a slot now (a metric). */
  readonly queued: number;
  /** Waits for a slot; resolves false at once when the queue is full (the call must not go out). */
  acquire(): Promise<boolean> | boolean;
  /** Gives back a slot taken by {@link acquire}. */
  release(): void;
}

/** Makes a limiter; waiting calls are served first come, first served. */
export function createConcurrencyLimiter(options: ConcurrencyLimiterOptions): ConcurrencyLimiter {
  let active = 0;
  const waiting: Array<() => void> = [];

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    acquire() {
      if (active < options.maxConcurrent) {
        active += 1;
        return true;
      }
      if (waiting.length >= options.maxQueued) return false;
      // The slot passes straight from release() to the waiter: `active` never dips in between.
      return new Promise<boolean>((resolve) => waiting.push(() => resolve(true)));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    },
  };
}
