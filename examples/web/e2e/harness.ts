import type { Page } from "playwright-core";

/** One step of the e2e: a sentence about what a person sees, and the code that checks it. */
export interface Step {
  name: string;
  run: () => Promise<void>;
}

/**
 * Runs the steps in order (each builds on the page the last one left) and prints one line per
 * step; after the first failure the rest are skipped, since they would only fail for its sake.
 * Ends with the plain "N passed, M failed, K skipped" line CI reads. Resolves true when all passed.
 */
export async function runSteps(steps: readonly Step[]): Promise<boolean> {
  let passed = 0;
  let failed = 0;
  for (const step of steps) {
    if (failed > 0) {
      console.log(`  - ${step.name} (skipped)`);
      continue;
    }
    try {
      await step.run();
      passed += 1;
      console.log(`  ✓ ${step.name}`);
    } catch (error) {
      failed += 1;
      console.log(`  ✗ ${step.name}\n      ${String((error as Error).stack ?? error).split("\n").join("\n      ")}`);
    }
  }
  const skipped = steps.length - passed - failed;
  console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  return failed === 0 && skipped === 0;
}

/** Polls `check` until it stops throwing, for up to `timeoutMs` (a bound, not a timing assertion). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Throws `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * What Chromium's accessibility tree says of the text box named `name`: its description (from
 * `aria-describedby`) and whether it is invalid. Read from the browser, not recomputed here.
 */
export async function textboxAccessibility(page: Page, name: string): Promise<{ description: string; invalid: boolean }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
    const matches = nodes.filter((node) => node.role?.value === "textbox" && node.name?.value === name);
    assert(matches.length === 1, `expected one text box named "${name}", found ${matches.length}`);
    const [node] = matches;
    const invalid = node!.properties?.find((property) => property.name === "invalid")?.value.value;
    return { description: String(node!.description?.value ?? ""), invalid: invalid !== undefined && invalid !== "false" };
  } finally {
    await cdp.detach();
  }
}

/** The part of a CDP accessibility node this file reads. */
interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  description?: { value?: string };
  properties?: { name: string; value: { value?: unknown } }[];
}
