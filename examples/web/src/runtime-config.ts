/** What the server that serves the app says about the gateway (see scripts/runtime-config.ts). */
export interface RuntimeConfig {
  /** The gateway's GraphQL URL, which the app's own `/graphql` forwards to (shown on the page and in messages). */
  gatewayUrl: string;
  /** A bearer token, for a gateway that asks for one. */
  token?: string;
}

declare global {
  interface Window {
    exampleConfig?: RuntimeConfig;
  }
}

/** The served config; without one (a static host that forwards `/graphql` itself) the gateway `npm start` runs. */
export function runtimeConfig(): RuntimeConfig {
  return window.exampleConfig ?? { gatewayUrl: "http://127.0.0.1:4000/graphql" };
}
