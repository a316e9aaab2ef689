import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { loadTrustedDocuments } from "../../src/documents/trusted-documents.js";

const folder = mkdtempSync(join(tmpdir(), "gw-manifests-"));
let written = 0;
/** Writes a manifest file with the given text and returns its path. */
function manifest(text: string): string {
  const path = join(folder, `m${written++}.json`);
  writeFileSync(path, text);
  return path;
}
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const DOCUMENT = "query Emails { customers { email } }";

async function refusal(paths: string[]): Promise<string> {
  const error = await loadTrustedDocuments(paths).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe("loadTrustedDocuments", () => {
  it("finds a document by its hash, bare or sha256:-prefixed, and trusts its exact text only", async () => {
    const documents = await loadTrustedDocuments([manifest(JSON.stringify({ [sha256(DOCUMENT)]: DOCUMENT }))]);
    expect(documents.byId(sha256(DOCUMENT))).toBe(DOCUMENT);
    expect(documents.byId(`sha256:${sha256(DOCUMENT)}`)).toBe(DOCUMENT);
    expect(documents.byId(sha256("other"))).toBeUndefined();
    expect(documents.trusts(DOCUMENT)).toBe(true);
    expect(documents.trusts(`${DOCUMENT} `)).toBe(false);
  });

  it("refuses codegen's default sha1 manifest, saying how to ask for sha256", async () => {
    const path = manifest(JSON.stringify({ [sha1(DOCUMENT)]: DOCUMENT }));
    expect(await refusal([path])).toBe(
      `GATEWAY_TRUSTED_DOCUMENTS: ${path}, entry "${sha1(DOCUMENT)}": the key should be a SHA-256 hash in lowercase hex (codegen: persistedDocuments: { hashAlgorithm: "sha256" })`,
    );
  });

  it("refuses an entry whose value is not text", async () => {
    const path = manifest(JSON.stringify({ [sha256(DOCUMENT)]: { query: DOCUMENT } }));
    expect(await refusal([path])).toBe(`GATEWAY_TRUSTED_DOCUMENTS: ${path}, entry "${sha256(DOCUMENT)}": the value should be the document's text`);
  });

  it("refuses an entry whose key is not the SHA-256 of its text, giving the hash it should have", async () => {
    const path = manifest(JSON.stringify({ [sha256("query Other { customers { id } }")]: DOCUMENT }));
    expect(await refusal([path])).toBe(
      `GATEWAY_TRUSTED_DOCUMENTS: ${path}, entry "${sha256("query Other { customers { id } }")}": the key should be the SHA-256 of its document, which is ${sha256(DOCUMENT)}`,
    );
  });

  it("refuses a manifest that is not an object of entries: an array, null or a bare string", async () => {
    for (const json of [JSON.stringify([DOCUMENT]), "null", JSON.stringify(DOCUMENT)]) {
      const path = manifest(json);
      expect(await refusal([path])).toBe(`GATEWAY_TRUSTED_DOCUMENTS: ${path} should be a JSON object of "<sha256 hex>": "<document>" entries`);
    }
  });

  it("names a manifest that cannot be read, and why", async () => {
    const path = join(folder, "missing.json");
    expect(await refusal([path])).toBe(`GATEWAY_TRUSTED_DOCUMENTS: ${path} cannot be read (ENOENT)`);
  });

  it("keeps a long or multi-line key to one short line", async () => {
    const path = manifest(JSON.stringify({ [`${"x".repeat(100)}\nnext`]: DOCUMENT }));
    const message = await refusal([path]);
    expect(message).not.toContain("\n");
    expect(message).toContain(`entry "${"x".repeat(77)}..."`);
  });

  it("shows a key of 80 characters whole", async () => {
    const path = manifest(JSON.stringify({ ["x".repeat(80)]: DOCUMENT }));
    expect(await refusal([path])).toContain(`entry "${"x".repeat(80)}":`);
  });

  it("names the manifest that is not JSON on one line", async () => {
    const path = manifest('{\n  "a":\n');
    const message = await refusal([path]);
    expect(message).toMatch(new RegExp(`^GATEWAY_TRUSTED_DOCUMENTS: ${path} is not JSON \\(`));
    expect(message).not.toContain("\n");
  });

  it("quotes what is wrong in a manifest that is not JSON, with each run of whitespace shown as one space", async () => {
    const message = await refusal([manifest('{"a":   \n\t x}')]);
    expect(message).toContain('{"a": x}');
  });
});
