/**
 * `npm start`: reads the config, starts the embedded bePaid sandbox when no BEPAID_API_URL is
 * set, then the gateway. The only module with side effects.
 */
import { ConfigError, type GatewayConfig, loadConfig } from "./config.js";
import { sampleQuery } from "./documents/sample-query.js";
import { loadTrustedDocuments } from "./documents/trusted-documents.js";
import { GRAPHIQL_PATH } from "./http/graphiql.js";
import { createLogger } from "./logger.js";
import { DEMO_SHOP } from "./sandbox/demo-shop.js";
import { createSandbox, type Sandbox } from "./sandbox/sandbox.js";
import { createServer } from "./server.js";

/** Bad settings (or a manifest they name) stop start-up, each problem on its own line. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  const { problems } = error;
  console.error(
    problems.length === 1
      ? `Configuration error: ${problems[0]}`
      : [`Configuration errors (${problems.length}); fix each of them, then start again:`, ...problems.map((problem) => `  - ${problem}`)].join("\n"),
  );
  process.exit(1);
}

let config: GatewayConfig;
try {
  config = loadConfig(process.env, DEMO_SHOP);
} catch (error) {
  exitOnConfigError(error);
}

const logger = createLogger({ level: config.logLevel });
// A promise nobody awaited must not take every caller's operation down with it: log and serve on.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
let sandbox: Sandbox | undefined;
let bepaidUrl = config.bepaid.apiUrl;
if (bepaidUrl === undefined) {
  sandbox = createSandbox();
  bepaidUrl = await sandbox.listen(0, "127.0.0.1");
}

const server = await createServer(config, bepaidUrl, { logger }).catch(exitOnConfigError);
const url = await server.listen().catch((error: unknown) => {
  console.error(`The gateway cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  process.exit(1);
});

logger.info({ url, metrics: server.metricsUrl(), bepaid: sandbox ? "embedded sandbox" : "configured BEPAID_API_URL" }, "gateway listening");
// A parent that started us with an IPC channel (scripts/lib/gateway-process.js) learns the port we bound.
process.send?.({ gatewayListening: { url, metrics: server.metricsUrl() } });
if (sandbox) await printSandboxBanner(url, config);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // The gateway drains first: its in-flight operations may still need the embedded sandbox.
  server
    .close()
    .then(() => sandbox?.close())
    .then(
      () => logger.flush(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        logger.flush(() => process.exit(1));
      },
    );
};
// `on`, not `once`: tsx re-raises a signal that has no listener left, killing us mid-shutdown.
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

/** What a new user needs to try the gateway on the sandbox (its demo secret is public on purpose). */
async function printSandboxBanner(graphqlUrl: string, { callers, documents }: GatewayConfig) {
  const auth = callers.anonymous
    ? ""
    : callers.tokens.length > 0 || callers.accessTokens
      ? ` -H 'Authorization: Bearer <one of GATEWAY_TOKENS, or an access token>'`
      : ` -u '${DEMO_SHOP.shopId}:${DEMO_SHOP.secretKey}'`;
  console.log(
    [
      "",
      `  GraphQL gateway   ${graphqlUrl}  (open it in a browser for Apollo Sandbox, from Apollo's CDN)`,
      `  GraphiQL          ${new URL(GRAPHIQL_PATH, graphqlUrl)}  (the built-in IDE: works offline)`,
      `  bePaid            embedded sandbox at ${sandbox!.url}`,
      `  demo shop         shop id ${DEMO_SHOP.shopId}, secret key ${DEMO_SHOP.secretKey}`,
      "",
      ...(documents.only ? await trustedTryIt(graphqlUrl, auth, documents.manifests) : tryIt(graphqlUrl, auth, '{"query":"{ customers { id firstName lastName email } }"}')),
      "",
    ].join("\n"),
  );
}

/** A curl command a person can paste, under its title. */
function tryIt(graphqlUrl: string, auth: string, body: string, title = "Try it:"): string[] {
  return [`  ${title}`, `  curl -s ${graphqlUrl}${auth} -H 'Content-Type: application/json' \\`, `    -d '${body}'`];
}

/** Only manifest documents run here: the first request names one by id, since text would be refused. */
async function trustedTryIt(graphqlUrl: string, auth: string, manifests: readonly string[]): Promise<string[]> {
  const sample = sampleQuery(await loadTrustedDocuments(manifests));
  const rule = "  Only documents of GATEWAY_TRUSTED_DOCUMENTS run here (GATEWAY_TRUSTED_DOCUMENTS_ONLY): send a document's id, not its text.";
  if (!sample) return [rule, `  e.g. -d '{"documentId":"sha256:<a key of the manifest>","variables":{}}'`];
  const title = sample.operationName ? `Try it (${sample.operationName}, from the manifest):` : "Try it:";
  return [rule, ...tryIt(graphqlUrl, auth, JSON.stringify({ documentId: `sha256:${sample.id}` }), title)];
}
