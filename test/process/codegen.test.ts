import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);

describe("the generated typed documents", () => {
  it("has generated typed documents that are up to date (run `npm run codegen` after changing them)", async () => {
    const run = promisify(execFile);
    await expect(run("npx", ["graphql-codegen", "--config", "codegen.yml", "--check"], { cwd: root })).resolves.toBeDefined();
  }, 60_000);
});
