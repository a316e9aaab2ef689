import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const UNIT = new URL("./", import.meta.url);

/** Modules a unit test may not import: sockets, child processes, Redis, and the helpers that start servers. */
const OUT_OF_PROCESS = /from "(node:net|node:http|node:https|node:child_process|ioredis|undici|[^"]*helpers\/(stack|redis|gateway-process|identity-provider|otlp-receiver|sandbox-harness)\.js|[^"]*scripts\/lib\/[^"]*)"/;

describe("the unit tests", () => {
  it("import nothing that opens a socket, spawns a process or reaches Redis (such a test belongs in integration or process)", () => {
    const files = readdirSync(UNIT, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(30);
    const offenders = files.flatMap((file) => {
      const match = OUT_OF_PROCESS.exec(readFileSync(new URL(file, UNIT), "utf8"));
      return match ? [`${file}: ${match[1]}`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
