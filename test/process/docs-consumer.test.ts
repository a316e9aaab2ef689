import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayUrlIn } from "../../scripts/demo/processes.js";
import { DOC_BLOCKS, READER_ENV } from "./docs.js";
import { root, runCommand, startJob } from "./job.js";

describe("the TypeScript snippets, in a scratch consumer app beside a clone of this repository", () => {
  const files = DOC_BLOCKS.filter((block) => block.mark === "runnable" && (block.language === "ts" || block.language === "json"));
  const bin = join(root, "examples/web/node_modules/.bin");
  let scratch: string;
  let app: string;
  /** `graphql-codegen --config codegen.ts`, run in the consumer before any test. */
  let codegen: Awaited<ReturnType<typeof runCommand>>;

  beforeAll(async () => {
    // The consumer's packages are the example app's own (@apollo/client, graphql, GraphQL Code
    // Generator, TypeScript): installed once, from its lock file, with no network when npm's cache has them.
    const install = await runCommand("npm run -s example:install", READER_ENV);
    if (install.code !== 0) throw new Error(install.stderr);
    scratch = await mkdtemp(join(tmpdir(), "docs-consumer-"));
    await symlink(root, join(scratch, "bepaid-gateway"));
    app = join(scratch, "app");
    await mkdir(app);
    await symlink(join(root, "examples/web/node_modules"), join(app, "node_modules"));
    for (const block of files) {
      if (!block.path) throw new Error(`${block.where} is runnable ${block.language} but names no file`);
      await mkdir(dirname(join(app, block.path)), { recursive: true });
      await writeFile(join(app, block.path), `${block.text}\n`);
    }
    codegen = await runCommand(`cd '${app}' && '${bin}/graphql-codegen' --config codegen.ts`, READER_ENV);
  }, 180_000);
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("include the codegen config, a tsconfig and an Apollo Client set-up", () => {
    expect(files.map((block) => block.path)).toEqual(expect.arrayContaining(["codegen.ts", "tsconfig.json"]));
    expect(files.some((block) => block.text.includes('from "@apollo/client"'))).toBe(true);
    expect(JSON.parse(files.find((block) => block.path === "tsconfig.json")!.text).compilerOptions.moduleResolution).toBe("Bundler");
  });

  it("name the packages at the versions the example app installs", async () => {
    const consumer = JSON.parse(files.find((block) => block.path === "package.json")!.text) as Record<string, Record<string, string>>;
    const example = JSON.parse(await readFile(join(root, "examples/web/package.json"), "utf8")) as Record<string, Record<string, string>>;
    const installed = { ...example.dependencies, ...example.devDependencies };
    const named = { ...consumer.dependencies, ...consumer.devDependencies };
    expect(Object.keys(named).length).toBeGreaterThan(0);
    for (const [name, version] of Object.entries(named)) expect(`${name}@${version}`).toBe(`${name}@${installed[name]}`);
  });

  it("generate typed documents and a manifest keyed by the SHA-256 of each document, then type-check", async () => {
    expect(codegen.code, codegen.stdout + codegen.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(app, "src/gql/persisted-documents.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(manifest).length).toBeGreaterThan(0);
    for (const [hash, text] of Object.entries(manifest)) expect(hash).toBe(createHash("sha256").update(text).digest("hex"));
    const tsc = await runCommand(`cd '${app}' && '${bin}/tsc' -p tsconfig.json`, READER_ENV);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  }, 180_000);

  it("read a customer through the documented Apollo Client from a gateway as npm start runs it, by id, with no manifest there", async () => {
    let gatewayUrl = "";
    const gateway = await startJob({ script: "npm start", env: READER_ENV, ready: (line) => (gatewayUrl = gatewayUrlIn(line) ?? "") !== "" });
    try {
      // The snippets' placeholders: the gateway's URL, and an OIDC library's token (none: npm start asks for none).
      const setup = join(app, "src/apollo-client.ts");
      await writeFile(setup, (await readFile(setup, "utf8")).replace("https://gateway.example.com/graphql", gatewayUrl));
      await writeFile(
        join(app, "try-it.ts"),
        'Object.assign(globalThis, { getAccessToken: async () => undefined });\nconst { customerEmail } = await import("./src/customer");\nconsole.log(await customerEmail("cst_5ca4fab9dfc7fcbf"));\n',
      );
      const tried = await runCommand(`cd '${app}' && '${bin}/tsx' try-it.ts`, READER_ENV);
      expect(tried.stdout + tried.stderr).toBe("customer@example.com\n");
      // The first request named the document by id; the gateway asked for its text once, and got the manifest's.
      const operations = gateway.output().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { msg: string; outcome?: string });
      const outcomes = operations.filter((entry) => entry.msg === "operation").map((entry) => entry.outcome);
      expect(outcomes).toEqual(["PERSISTED_QUERY_NOT_FOUND", "ok"]);
    } finally {
      await gateway.stop();
    }
  }, 180_000);
});
