import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { createGraphQLProxy } from "./scripts/graphql-proxy.ts";
import { readRuntimeConfig, runtimeConfigScript } from "./scripts/runtime-config.ts";

/** `vite dev` serves `/config.js` from the environment and forwards `/graphql`, as scripts/serve.ts does for the build. */
function runtimeConfig(): Plugin {
  return {
    name: "example-runtime-config",
    configureServer(server) {
      const config = readRuntimeConfig(process.env);
      server.middlewares.use("/config.js", (_request, response) => {
        response.setHeader("content-type", "text/javascript; charset=utf-8");
        response.end(runtimeConfigScript(config));
      });
      server.middlewares.use("/graphql", createGraphQLProxy({ gatewayUrl: config.gatewayUrl }));
    },
  };
}

export default defineConfig({
  plugins: [react(), runtimeConfig()],
  build: { outDir: "dist", sourcemap: true },
});
