import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The suite as mutation testing runs it (stryker.config.mjs): every kind but the browser's, and
 * without the check that shells out to the code generator; neither tests a mutated module, and
 * neither can run inside Stryker's sandbox copy of the project.
 */
export default defineConfig({
  resolve: base.resolve,
  test: { include: ["test/{unit,integration,process}/**/*.test.ts"], exclude: ["test/process/codegen.test.ts", "**/node_modules/**"] },
});
