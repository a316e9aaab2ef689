import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("createLogger in a process of its own", () => {
  it("writes every line whole to standard output, non-ASCII text included, and flushes before the process exits", () => {
    // The default destination hands sonic-boom bytes: a line's length is counted in bytes, not characters.
    const script = `
      import { createLogger } from "./src/logger.ts";
      const logger = createLogger();
      for (let n = 0; n < 3000; n++) logger.info({ n, note: "Zoë ☃ 🎉" }, "line");
      logger.flush(() => process.exit(0));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: new URL("../../", import.meta.url),
      encoding: "utf8",
    });
    expect(child.status).toBe(0);
    const written = child.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { n: number; note: string });
    expect(written.map(({ n }) => n)).toEqual(Array.from({ length: 3000 }, (_, n) => n));
    expect(new Set(written.map(({ note }) => note))).toEqual(new Set(["Zoë ☃ 🎉"]));
  });
});
