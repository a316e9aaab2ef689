/**
 * The app's runtime config: read from the environment when the app is served, not when it is
 * built, so one build serves any gateway. The server writes it as `/config.js`, which sets
 * `window.exampleConfig` before the app starts (see src/runtime-config.ts).
 */

/** What the served app needs to know about its gateway. */
export interface RuntimeConfig {
  /** The gateway's GraphQL URL, behind the app's own `/graphql`. Default `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string;
  /** A bearer token for a gateway with `GATEWAY_TOKENS`; unset for an open gateway. */
  token?: string;
}

/** The config from `EXAMPLE_GATEWAY_URL` and `EXAMPLE_GATEWAY_TOKEN`; throws on a URL that is not one. */
export function readRuntimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const gatewayUrl = env.EXAMPLE_GATEWAY_URL || "http://127.0.0.1:4000/graphql";
  if (!URL.canParse(gatewayUrl) || !/^https?:$/.test(new URL(gatewayUrl).protocol)) {
    throw new Error(`EXAMPLE_GATEWAY_URL is "${gatewayUrl}"; it should be the gateway's http(s) GraphQL URL, e.g. http://127.0.0.1:4000/graphql`);
  }
  const token = env.EXAMPLE_GATEWAY_TOKEN || undefined;
  return { gatewayUrl, ...(token ? { token } : {}) };
}

/** The body of `/config.js`. JSON is valid JavaScript, and escaping `<` keeps it inert anywhere. */
export function runtimeConfigScript(config: RuntimeConfig): string {
  return `window.exampleConfig = ${JSON.stringify(config).replace(/</g, "\\u003c")};\n`;
}
