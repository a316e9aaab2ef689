/**
 * `npm run e2e`: the example app end to end, as a newcomer runs it. Starts the gateway as
 * `npm start` does (development, the embedded bePaid sandbox, no CORS or trusted-documents
 * variables), serves the built app with its own server on a port that is not the default one,
 * and drives it in Debian's Chromium. Screenshots of each step go to e2e/artifacts/. Ends with
 * "N passed, M failed" and exits non-zero on any failure.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CHROMIUM_PATH, launchChromium } from "./chromium.ts";
import { startExample } from "./example-server.ts";
import { recordGatewayTraffic } from "./gateway-traffic.ts";
import { startGateway } from "./gateway.ts";
import { runSteps } from "./harness.ts";
import { seedCustomers } from "./seed-customers.ts";
import { proxySteps } from "./proxy-steps.ts";
import { exampleSteps, SEEDED } from "./steps.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const repoRoot = here("../../..");
const exampleRoot = here("..");
const dist = here("../dist");
const manifestPath = here("../src/gql/persisted-documents.json");
const artifacts = here("./artifacts");

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  process.exit(1);
}
if (!existsSync(`${dist}/index.html`)) {
  console.error("examples/web/dist has no build: run npm run build first (npm run e2e does both).");
  process.exit(1);
}

await rm(artifacts, { recursive: true, force: true });
await mkdir(artifacts, { recursive: true });

const gateway = await startGateway({ repoRoot });
const example = await startExample({ exampleRoot, gatewayUrl: gateway.url }).catch(async (error: unknown) => {
  await gateway.stop();
  throw error;
});
const appUrl = example.url;
const graphqlUrl = `${appUrl}/graphql`;

const proxy = await proxySteps();
const chromium = await launchChromium();
let ok = false;
try {
  const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const requests = recordGatewayTraffic(page, graphqlUrl);
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, string>;
  // Emails unique to this run, so a rerun against a long-lived gateway still counts only its own.
  const run = Date.now().toString(36);
  // The docs' two and these make a shop of 45: three pages of 20.
  const seeded = await seedCustomers({ gatewayUrl: gateway.url, manifest, count: SEEDED });
  console.log(`\nExample app e2e: app ${appUrl}, gateway ${gateway.url}, ${seeded.length + 2} customers\n`);
  ok = await runSteps([
    ...proxy.steps,
    ...exampleSteps({
      page,
      appUrl,
      graphqlUrl,
      gatewayUrl: gateway.url,
      stopGateway: gateway.stop,
      requests,
      manifest,
      run,
      seeded,
      screenshot: (name) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true }).then(() => {}),
    }),
    {
      name: "the page raised no uncaught error",
      run: async () => {
        if (pageErrors.length > 0) throw new Error(pageErrors.join("\n"));
      },
    },
  ]);
  if (!ok) {
    await page.screenshot({ path: `${artifacts}/failure.png`, fullPage: true }).catch(() => {});
    console.log(`\nScreenshots in ${artifacts}. The gateway's output:\n${gateway.output().split("\n").slice(-40).join("\n")}`);
    console.log(`\nThe example server's output:\n${example.output()}`);
  } else {
    console.log(`\nScreenshots in ${artifacts}`);
  }
} finally {
  await chromium.close();
  await proxy.close();
  await gateway.stop();
  await example.stop();
}
process.exit(ok ? 0 : 1);
