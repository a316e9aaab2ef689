import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * The suite as mutation testing runs it (stryker.config.mjs): everything but the checks that
 * shell out to code generators or drive a browser, which test no mutated module and cannot run
 * inside Stryker's sandbox copy of the project.
 */
export default mergeConfig(
  base,
  defineConfig({ test: { exclude: ["test/schema.test.ts", "test/browser/**", "**/node_modules/**"] } }),
);
