import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/** One project per kind of test (docs/contributing.md): `vitest run --project unit` runs one kind. */
const KINDS = ["unit", "integration", "process", "browser"] as const;

export default defineConfig({
  resolve: {
    // Node (and so type-graphql and Apollo) loads graphql's CJS build; vite would hand our own
    // imports the ESM build, and graphql-js rejects types "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    projects: KINDS.map((kind) => ({ extends: true, test: { name: kind, include: [`test/${kind}/**/*.test.ts`] } })),
  },
});
