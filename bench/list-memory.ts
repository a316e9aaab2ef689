/**
 * `npm run bench:list-memory`: the gateway's resident memory while callers page a shop of
 * 100,000 customers, list cache off and on. Builds the gateway, starts the bePaid stand-in and
 * the production build (default settings otherwise) for a `list-100000` shop, and for each
 * setting measures the peak RSS (`VmHWM`, restarted per stretch) of: one caller paging 25 pages
 * forwards by cursor, then 8 callers paging 5 pages each at once. Writes
 * `bench/results/list-memory.{json,md}`, with the machine's load beside the figures.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGatewayProcess } from "#lib/gateway-process.js";
import { createChildren } from "./children.js";
import { listShopId } from "./customers.fixture.js";
import { describeEnvironment } from "./environment.js";
import { median, round as roundTo } from "./results.js";
import { startPeakRss } from "./rss.js";

const SHOP_CUSTOMERS = 100_000;
const SEQUENTIAL_PAGES = 25;
const CONCURRENT_CALLERS = 8;
const PAGES_EACH = 5;
const PAGE = "query ($after: String) { customersConnection(first: 20, after: $after) { edges { node { id email } } pageInfo { endCursor } totalCount } }";

// This file runs from bench/.build/, two levels below the project root.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const children = createChildren(root);
process.on("exit", () => children.killAll());

/** What one setting measured. */
interface Measured {
  cache: "off" | "on";
  /** RSS once started and answering, before any list was read. */
  idle_mb: number;
  /** Peak RSS over one caller paging forwards. */
  sequential_peak_mb: number;
  /** Median milliseconds per page, one caller. */
  sequential_page_ms: number;
  /** Peak RSS over the concurrent callers. */
  concurrent_peak_mb: number;
  /** Median milliseconds per page, concurrent callers. */
  concurrent_page_ms: number;
  /** Load average (1 min) when the setting finished: the machine is shared. */
  load_average: number;
}

try {
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status ?? build.signal})`);
  const environment = describeEnvironment(root, process.version);
  const { origin: upstreamOrigin } = await children.startServer("upstream", ["bench/.build/upstream.js"], {});

  const results: Measured[] = [];
  for (const cache of ["off", "on"] as const) {
    const started = await startGatewayProcess({
      env: {
        NODE_ENV: "production",
        GATEWAY_ALLOW_ANONYMOUS: "true",
        BEPAID_API_URL: upstreamOrigin,
        BEPAID_SHOP_ID: listShopId(SHOP_CUSTOMERS),
        BEPAID_SECRET_KEY: "x",
        BEPAID_TIMEOUT_MS: "60000",
        LOG_LEVEL: "warn",
        ...(cache === "on" ? { GATEWAY_LIST_CACHE_TTL_MS: "3600000" } : {}),
      },
      args: ["dist/main.js"],
    });
    const gateway = children.adopt(`gateway (cache ${cache})`, started.process, started.output);
    const url = started.url;
    const idle = rssMb(gateway.pid);

    let rss = startPeakRss(gateway.pid);
    const sequential = await pageThrough(url, SEQUENTIAL_PAGES);
    const sequentialPeak = rss.stop();

    rss = startPeakRss(gateway.pid);
    const concurrent = (await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, () => pageThrough(url, PAGES_EACH)))).flat();
    const concurrentPeak = rss.stop();
    results.push({
      cache,
      idle_mb: round(idle),
      sequential_peak_mb: round(sequentialPeak),
      sequential_page_ms: round(median(sequential)),
      concurrent_peak_mb: round(concurrentPeak),
      concurrent_page_ms: round(median(concurrent)),
      load_average: round(loadavg()[0]!),
    });
    console.log(JSON.stringify(results.at(-1)));
    const exited = new Promise((resolve) => gateway.process.once("exit", resolve));
    gateway.process.kill("SIGTERM");
    await exited;
  }
  writeResults(environment, results);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await children.stopAll();
}

/** Pages forwards `pages` times from the start, each after the last page's end cursor; answers each page's milliseconds. */
async function pageThrough(url: string, pages: number): Promise<number[]> {
  const times: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < pages; page++) {
    const started = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: PAGE, variables: { after } }),
    });
    const body = (await response.json()) as { data?: { customersConnection: { edges: unknown[]; pageInfo: { endCursor: string }; totalCount: number } }; errors?: unknown };
    times.push(performance.now() - started);
    const connection = body.data?.customersConnection;
    if (!connection || connection.edges.length !== 20 || connection.totalCount !== SHOP_CUSTOMERS) throw new Error(`page ${page} came back wrong: ${JSON.stringify(body).slice(0, 300)}`);
    after = connection.pageInfo.endCursor;
  }
  return times;
}

function writeResults(environment: ReturnType<typeof describeEnvironment>, results: Measured[]) {
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "list-memory.json"), `${JSON.stringify({ environment, shop_customers: SHOP_CUSTOMERS, results }, null, 2)}\n`);
  const lines = [
    "# The gateway's memory while paging a shop of 100,000 customers",
    "",
    `${environment.date} · Node ${environment.node} · ${environment.cpu} · ${environment.cores} cores · gateway ${environment.gateway_commit}${environment.src_modified ? " (with uncommitted changes in src/)" : ""}`,
    "",
    `\`npm run bench:list-memory\`: the production build on the bench stand-in, whose \`GET /customers\` answers 100,000 customers (about 26 MB of JSON). One caller pages ${SEQUENTIAL_PAGES} pages of 20 forwards by cursor; then ${CONCURRENT_CALLERS} callers page ${PAGES_EACH} pages each at once. Peak RSS is the process's \`VmHWM\`, restarted before each stretch. The machine is shared: its load average is beside each setting.`,
    "",
    "| list cache | RSS at start | peak, one caller | ms per page, one caller | peak, 8 callers | ms per page, 8 callers | load average |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.cache} | ${r.idle_mb} MB | ${r.sequential_peak_mb} MB | ${r.sequential_page_ms} | ${r.concurrent_peak_mb} MB | ${r.concurrent_page_ms} | ${r.load_average} |`),
    "",
  ];
  writeFileSync(join(dir, "list-memory.md"), lines.join("\n"));
}

/** The process's RSS now: its peak, restarted this instant. */
function rssMb(pid: number): number {
  return startPeakRss(pid).stop();
}

function round(value: number): number {
  return roundTo(value, 1);
}
