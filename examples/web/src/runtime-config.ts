/** What the server that serves the app says about the gateway (see scripts/runtime-config.ts). */
export interface RuntimeConfig {
  /** The gateway's GraphQL URL. */
  gatewayUrl: string;
  /** A bearer token, for a gateway that asks for one. */
  token?: string;
}

declare global {
  interface Window {
    exampleConfig?: RuntimeConfig;
  }
}

/** The served config; without one (a plain static host) the gateway `npm start` runs. */
export function runtimeConfig(): RuntimeConfig {
  return window.exampleConfig ?? { gatewayUrl: "http://127.0.0.1:4000/graphql" };
}
