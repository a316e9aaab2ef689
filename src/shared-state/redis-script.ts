import type { Redis } from "ioredis";

/** A Lua script the gateway runs in Redis: its command name, how many of its arguments are keys, its source. */
export interface RedisScript {
  /** The command ioredis adds to the connection for it (prefixed `gateway`, so it names no Redis command). */
  name: `gateway${string}`;
  numberOfKeys: number;
  lua: string;
}

/** Runs a script with its keys first, then its arguments, as the script's `KEYS` and `ARGV`. */
export type ScriptCall<TResult> = (...keysAndArgs: (string | number)[]) => Promise<TResult>;

/**
 * Registers `script` on `redis` with ioredis's `defineCommand` (once per connection: EVALSHA,
 * and EVAL only when Redis does not hold the script yet) and returns a caller of it. The caller
 * looks the command up on each call, so a test may replace it on the connection.
 */
export function defineScript<TResult>(redis: Redis, script: RedisScript): ScriptCall<TResult> {
  const commands = redis as unknown as Record<string, ScriptCall<TResult> | undefined>;
  if (typeof commands[script.name] !== "function") redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  return (...keysAndArgs) => commands[script.name]!(...keysAndArgs);
}
