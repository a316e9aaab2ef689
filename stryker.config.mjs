// @ts-check
/**
 * Mutation testing (`npm run mutation`, on Node 24: StrykerJS needs Node 22+): Stryker changes the
 * code that guards security decisions one small edit at a time (a condition made `true`, a `<`
 * made `<=`, a string emptied) and runs the tests that cover it; a change no test notices is a
 * surviving mutant, a decision nothing checks. Not in CI: a whole run takes hours, one module
 * minutes (how to run it per module, and the last scores: docs/contributing.md, README).
 *
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  // The modules whose decisions a caller relies on: who the caller is, what an error may say,
  // when a create may be retried, when bePaid is considered down, what input is refused, which
  // documents may run, how many bePaid calls an operation may cause, when a caller or an address
  // is refused for its rate, what Federation's own fields answer. A pattern that matches nothing
  // (a module not written yet) only warns.
  mutate: [
    "src/auth/**/*.ts",
    "src/errors/**/*.ts",
    "src/idempotency/**/*.ts",
    "src/bepaid/circuit-breaker.ts",
    "src/bepaid/failure.ts",
    "src/customers/create-customer.check.ts",
    "src/documents/**/*.ts",
    "src/apollo/lookup-cap.listener.ts",
    "src/limits/rate-limit.ts",
    "src/limits/admit-caller.ts",
    "src/apollo/bepaid-refusal.listener.ts",
    "src/federation/**/*.ts",
  ],
  // Each mutant runs only the tests that reached its code, not the whole suite.
  coverageAnalysis: "perTest",
  // The suite starts real servers; a test slowed by a mutant (a loop that no longer ends) is
  // stopped after the normal time plus this margin and counted as detected.
  timeoutMS: 10_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  // The bar for these modules; below `break` the run would fail, so it is left off until
  // the whole set reaches it.
  thresholds: { high: 90, low: 80, break: null },
};
