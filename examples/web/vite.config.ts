import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { readRuntimeConfig, runtimeConfigScript } from "./scripts/runtime-config.ts";

/** `vite dev` serves `/config.js` from the environment, as scripts/serve.ts does for the build. */
function runtimeConfig(): Plugin {
  return {
    name: "example-runtime-config",
    configureServer(server) {
      server.middlewares.use("/config.js", (_request, response) => {
        response.setHeader("content-type", "text/javascript; charset=utf-8");
        response.end(runtimeConfigScript(readRuntimeConfig(process.env)));
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), runtimeConfig()],
  build: { outDir: "dist", sourcemap: true },
});
