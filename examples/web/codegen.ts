/**
 * GraphQL Code Generator: typed documents for the app's operations, checked against the
 * gateway's schema, plus the manifest of trusted documents the gateway runs them from.
 * `npm run codegen` writes src/gql/; `npm run codegen:check` fails when it is stale.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";
import { addTypenameSelectionDocumentTransform } from "@graphql-codegen/client-preset";
import { createHash } from "node:crypto";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        // The gateway names a document by the bare SHA-256 hex of its text, which is also what
        // Apollo's persisted-query extension carries; the preset's "sha256" would prefix "sha256:".
        persistedDocuments: { hashAlgorithm: (text: string) => createHash("sha256").update(text).digest("hex") },
      },
      // Apollo Client's cache adds __typename to every selection; the manifest must hold the
      // documents as they are sent, or the gateway would answer without the typenames the cache needs.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
