import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ConfigError } from "../env-values.js";

/** The documents of every trusted-documents manifest, by id and by text. */
export interface TrustedDocuments {
  /** The document a hash names (`sha256:` prefix allowed), or undefined. */
  byId(id: string): string | undefined;
  /** True when this exact text is one of the manifests' documents. */
  trusts(text: string): boolean;
  /** Every document as `[id, text]`, the id in bare hex, in the manifests' order. */
  entries(): IterableIterator<[string, string]>;
}

/** A manifest key: SHA-256 hex, `sha256:`-prefixed as the client preset writes it with `hashAlgorithm: "sha256"`. */
const MANIFEST_KEY = /^(?:sha256:)?([0-9a-f]{64})$/;
const PREFIX = "sha256:";

/**
 * Reads GraphQL Code Generator manifests (`{ "<sha256 hex>": "<document>" }`, the client
 * preset's `persistedDocuments`; keys may carry its `sha256:` prefix) and checks every entry: a hash must be the SHA-256 of its own
 * text, or a caller sending an id would run a document other than the one it was built with.
 * Throws a {@link ConfigError} naming the file and the entry (one line, start-up prints it).
 */
export async function loadTrustedDocuments(paths: readonly string[]): Promise<TrustedDocuments> {
  const documents = new Map<string, string>();
  for (const path of paths) {
    for (const [key, text] of Object.entries(await readManifest(path))) {
      const where = `GATEWAY_TRUSTED_DOCUMENTS: ${path}, entry "${shorten(key)}"`;
      const hash = MANIFEST_KEY.exec(key)?.[1];
      if (hash === undefined) {
        throw new ConfigError(`${where}: the key should be a SHA-256 hash in lowercase hex (codegen: persistedDocuments: { hashAlgorithm: "sha256" })`);
      }
      if (typeof text !== "string") throw new ConfigError(`${where}: the value should be the document's text`);
      const actual = createHash("sha256").update(text).digest("hex");
      if (actual !== hash) throw new ConfigError(`${where}: the key should be the SHA-256 of its document, which is ${actual}`);
      documents.set(hash, text);
    }
  }
  const texts = new Set(documents.values());
  return {
    byId: (id) => documents.get(id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id),
    trusts: (text) => texts.has(text),
    entries: () => documents.entries(),
  };
}

async function readManifest(path: string): Promise<Record<string, unknown>> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`GATEWAY_TRUSTED_DOCUMENTS: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`GATEWAY_TRUSTED_DOCUMENTS: ${path} is not JSON (${(error as Error).message.replace(/\s+/g, " ")})`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new ConfigError(`GATEWAY_TRUSTED_DOCUMENTS: ${path} should be a JSON object of "<sha256 hex>": "<document>" entries`);
  }
  return manifest as Record<string, unknown>;
}

/** A key as it may be shown: a long or multi-line one cut down, so the message stays one line. */
function shorten(key: string): string {
  const flat = JSON.stringify(key).slice(1, -1);
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
