import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../helpers/stack.js";

/** Screenshots a person can look at after the run (git-ignored). */
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const CHROMIUM = "/usr/bin/chromium";

// CI installs Debian's Chromium (.ci/run); a machine without it skips this file, visibly.
describe.skipIf(!existsSync(CHROMIUM))("the built-in IDE (GraphiQL at /graphiql), in Chromium", () => {
  const stack = useStack();
  const userDataDir = mkdtempSync(join(tmpdir(), "gw-chromium-"));
  let browser: BrowserContext;
  /** Every request the page made to anywhere but the gateway: there must be none. */
  const elsewhere: string[] = [];

  beforeAll(async () => {
    // A fresh profile each run; playwright takes it as the persistent context's directory.
    browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const gateway = new URL(stack.gatewayUrl).origin;
    await browser.route("**/*", (route) => {
      if (new URL(route.request().url()).origin === gateway || route.request().url().startsWith("data:")) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it("runs { customers { email } } typed into its editor and shows the demo shop's emails, loading nothing from elsewhere", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(new URL("/graphiql", stack.gatewayUrl).href);

    const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
    await editor.waitFor({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // GraphiQL closes brackets itself; typing a closing one steps over it, as for a person.
    await page.keyboard.type("{ customers { email } }", { delay: 20 });
    await page.keyboard.press("Escape"); // closes any completion list
    await expect.poll(() => editor.evaluate((node) => (node as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue())).toBe(
      "{ customers { email } }",
    );

    await page.getByRole("button", { name: /execute query/i }).click();
    const result = page.locator(".graphiql-response");
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain("customer.mark@example.com");
    expect(await result.innerText()).toContain("customer@example.com");

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "graphiql.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 90_000);

  it("is linked from the landing page, which shows Apollo's offline message when its CDN is out of reach", async () => {
    const page = await browser.newPage();
    await page.goto(stack.gatewayUrl);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 30_000 }).toContain("Apollo Sandbox cannot be loaded");
    // The page fades its offline message in; the screenshot waits until a person would see it.
    const link = page.getByRole("link", { name: "/graphiql" });
    await expect.poll(() => link.evaluate((node) => node.ownerDocument.defaultView!.getComputedStyle(node.closest(".fallback")!).opacity), { timeout: 30_000 }).toBe("1");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "landing-page-offline.png") });
    await link.click();
    await page.locator(".graphiql-query-editor").waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe("/graphiql");
  }, 90_000);
});
