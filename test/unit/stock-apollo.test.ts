import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** What a patch descriptor of scripts/patches/ holds (the scripts are plain JavaScript). */
interface DependencyPatch {
  packageName: string;
  files: string[];
  marker: string;
  edits: Array<[string, string]>;
}
const { PATCHES } = (await import("../../scripts/patches/index.mjs" as string)) as { PATCHES: DependencyPatch[] };

const root = new URL("../../", import.meta.url);

describe("the benchmark's stock Apollo", () => {
  it("is the installed @apollo/server with every one of the gateway's patches undone, and what plain resolves", () => {
    const run = spawnSync(process.execPath, ["bench/stock-apollo.mjs"], { cwd: root, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const apolloPatches = PATCHES.filter(({ packageName }) => packageName === "@apollo/server");
    expect(apolloPatches.length).toBeGreaterThan(0);
    for (const patch of apolloPatches) {
      for (const file of patch.files) {
        const installed = readFileSync(new URL(`node_modules/@apollo/server/${file}`, root), "utf8");
        const stock = readFileSync(new URL(`bench/.build/node_modules/@apollo/server/${file}`, root), "utf8");
        expect(installed).toContain(patch.marker);
        expect(stock).not.toContain(patch.marker);
        expect(stock).not.toContain("bepaid-gateway");
        // Every piece of original code is back, exactly once.
        for (const [original] of patch.edits) expect(stock.split(original)).toHaveLength(2);
      }
    }
  });
});
