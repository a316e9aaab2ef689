import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeBlock, codeBlocks, matchesAnswer } from "./code-blocks.js";
import { type Job, root, runCommand, startJob, stopAndListLeftovers } from "./job.js";

// Files another helper owns until they are merged; the lead marks their blocks, then drops them here.
const NOT_YET_MARKED = new Set(["docs/performance.md", "docs/contributing.md"]);
// Scripts another helper adds (package.json's test:unit); dropped from here once merged.
const PENDING_SCRIPTS = new Set(["test:unit"]);
const FILES = ["README.md", ...(await readdir(join(root, "docs"))).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)].filter(
  (name) => !NOT_YET_MARKED.has(name),
);
const BLOCKS = FILES.flatMap((name) => codeBlocks(join(root, name), name));

/**
 * What a reader's shell has, and no more: no NODE_ENV=test or other variable of this test run.
 * Servers bind free ports (PORT=0 and its kin), never another developer's 4000.
 */
const SHELL_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", EXAMPLE_PORT: "0", SANDBOX_PORT: "0" };
/** The checkout is installed already: `npm ci` would only reinstall it, so here it says so and passes. */
const PRELUDE = `npm() { if [ "$1" = ci ]; then echo "(npm ci: this checkout is installed already)"; else command npm "$@"; fi; }\n`;

/** The anchors GitHub gives a Markdown file's headings. */
function headingAnchors(markdown: string): Set<string> {
  const headings = markdown.replace(/```[^]*?```/g, "").matchAll(/^#+ (.+)$/gm);
  return new Set([...headings].map(([, title]) => title!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replaceAll(" ", "-")));
}

const isDirectory = (path: string) => stat(path).then((found) => found.isDirectory(), () => false);

/** The gateway's URL from its "gateway listening" log line (pino JSON). */
function gatewayUrlIn(line: string): string | undefined {
  if (!line.startsWith("{")) return undefined;
  const entry = JSON.parse(line) as { msg?: string; url?: string };
  return entry.msg === "gateway listening" ? entry.url : undefined;
}

const runnable = (language: string) => BLOCKS.filter((block) => block.mark === "runnable" && block.language === language);
/** The answer block right after `block`, if there is one. */
function answerOf(block: CodeBlock): CodeBlock | undefined {
  const next = BLOCKS[BLOCKS.indexOf(block) + 1];
  return next?.mark === "answer" && next.where.split(":")[0] === block.where.split(":")[0] ? next : undefined;
}

/** Holds `output` to the answer block's word, if any. */
function expectAnswer(block: CodeBlock, output: string) {
  const answer = answerOf(block);
  if (!answer) return;
  if (answer.language === "json") {
    const expected: unknown = JSON.parse(answer.text);
    expect(matchesAnswer(JSON.parse(output), expected), `${answer.where} shows ${answer.text}\nbut ${block.where} answered ${output}`).toBe(true);
  } else {
    for (const line of answer.text.split("\n").filter((text) => text.trim() !== "")) expect(output).toContain(line.trim());
  }
}

describe("the code blocks of README.md and docs/", () => {
  it("are each marked runnable, serves or answer, or say why they are not run, and the unrun are the fewer", async () => {
    const unmarked = BLOCKS.filter((block) => block.mark === undefined && block.notRun === undefined).map((block) => block.where);
    const both = BLOCKS.filter((block) => block.mark !== undefined && block.notRun !== undefined).map((block) => block.where);
    expect({ unmarked, both }).toEqual({ unmarked: [], both: [] });
    const unrun = BLOCKS.filter((block) => block.notRun !== undefined);
    const run = BLOCKS.filter((block) => block.mark === "runnable" || block.mark === "serves");
    expect(unrun.length).toBeLessThan(run.length);
    for (const block of unrun) expect(block.notRun!.length, `${block.where}'s reason`).toBeGreaterThan(15);
    // A reason that names the test covering the block names one that exists.
    const named = unrun.flatMap((block) => [...block.notRun!.matchAll(/\b(test\/\S+\.test\.ts)\b/g)].map(([, path]) => ({ where: block.where, path: path! })));
    const missing = [];
    for (const { where, path } of named) if (!(await readFile(join(root, path)).then(() => true, () => false))) missing.push(`${where}: ${path}`);
    expect(missing).toEqual([]);
  });

  it("leave the README at most 250 lines, the rest being in docs/ by reader", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(250);
  });

  it("link only to files and headings that exist", async () => {
    const broken: string[] = [];
    for (const name of FILES) {
      // Links inside code blocks are code, not links.
      const text = (await readFile(join(root, name), "utf8")).replace(/```[^]*?```/g, "");
      for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(link!)) continue;
        const [path, anchor] = link!.split("#") as [string, string | undefined];
        const target = path === "" ? join(root, name) : join(root, dirname(name), path);
        if (NOT_YET_MARKED.has(relative(root, target))) continue;
        const exists = await readFile(target, "utf8").then((content) => content, () => undefined);
        if (exists === undefined && !(await isDirectory(target))) broken.push(`${name}: ${link}`);
        else if (anchor && target.endsWith(".md") && !headingAnchors(exists ?? "").has(anchor)) broken.push(`${name}: ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("name only npm scripts that exist, in this package or the example app's", async () => {
    const scripts = new Set<string>();
    for (const manifest of ["package.json", "examples/web/package.json"]) {
      for (const name of Object.keys((JSON.parse(await readFile(join(root, manifest), "utf8")) as { scripts: object }).scripts)) scripts.add(name);
    }
    const named = new Set<string>();
    for (const name of FILES) for (const [, script] of (await readFile(join(root, name), "utf8")).matchAll(/npm run (?:-s )?([\w:-]+)/g)) named.add(script!);
    expect([...named].filter((script) => !scripts.has(script) && !PENDING_SCRIPTS.has(script))).toEqual([]);
  });

  it("put each answer right after the runnable command or operation it answers", () => {
    const stray = BLOCKS.filter((block) => block.mark === "answer" && !BLOCKS.some((other) => other.mark === "runnable" && answerOf(other) === block));
    expect(stray.map((block) => block.where)).toEqual([]);
  });
});

describe("the runnable commands and operations, against a fresh gateway as npm start runs it", () => {
  let gateway: Job;
  let gatewayUrl = "";

  beforeAll(async () => {
    gateway = await startJob({
      script: "npm start",
      env: SHELL_ENV,
      ready: (line) => (gatewayUrl = gatewayUrlIn(line) ?? "") !== "",
    });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
  });

  it.each(runnable("graphql").map((block) => [block.where, block] as const))("%s answers as shown", async (_, block) => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: block.text }),
    });
    expect(response.status).toBe(200);
    expectAnswer(block, await response.text());
  });

  it.each(runnable("sh").map((block) => [block.where, block] as const))("%s runs as written", async (_, block) => {
    const { host } = new URL(gatewayUrl);
    const { stdout, stderr, code } = await runCommand(PRELUDE + block.text.replaceAll("127.0.0.1:4000", host), SHELL_ENV);
    expect({ code, stderr: code === block.exitCode ? "" : stderr }).toEqual({ code: block.exitCode, stderr: "" });
    expectAnswer(block, block.exitCode === 0 ? stdout : stdout + stderr);
  }, 120_000);
});

describe("the commands that serve", () => {
  const commands = [...new Map(BLOCKS.filter((block) => block.mark === "serves").map((block) => [block.text, block])).values()];

  it.each(commands.map((block) => [block.where, block] as const))("%s serves at the URL it prints and stops on Ctrl-C, leaving no process behind", async (_, block) => {
    let served = "";
    const job = await startJob({
      script: PRELUDE + block.text,
      env: SHELL_ENV,
      ready: async (line) => {
        const url = /http:\/\/127\.0\.0\.1:(\d+)[^\s"']*/.exec(line);
        // 4000 is not ours: everything here binds a free port.
        if (!url || url[1] === "0" || url[1] === "4000") return false;
        const answered = await fetch(url[0]).then(() => true, () => false);
        if (answered) served = url[0];
        return answered;
      },
    });
    expect(served).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(await stopAndListLeftovers(job)).toEqual([]);
  }, 240_000);
});

describe("the TypeScript snippets, in a scratch consumer app beside a clone of this repository", () => {
  const files = BLOCKS.filter((block) => block.mark === "runnable" && (block.language === "ts" || block.language === "json"));
  const bin = join(root, "examples/web/node_modules/.bin");
  let scratch: string;
  let app: string;
  /** `graphql-codegen --config codegen.ts`, run in the consumer before any test. */
  let codegen: Awaited<ReturnType<typeof runCommand>>;

  beforeAll(async () => {
    // The consumer's packages are the example app's own (@apollo/client, graphql, GraphQL Code
    // Generator, TypeScript): installed once, from its lock file, with no network when npm's cache has them.
    const install = await runCommand("npm run -s example:install", SHELL_ENV);
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
    codegen = await runCommand(`cd '${app}' && '${bin}/graphql-codegen' --config codegen.ts`, SHELL_ENV);
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
    const tsc = await runCommand(`cd '${app}' && '${bin}/tsc' -p tsconfig.json`, SHELL_ENV);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  }, 180_000);

  it("read a customer through the documented Apollo Client from a gateway as npm start runs it, by id, with no manifest there", async () => {
    let gatewayUrl = "";
    const gateway = await startJob({ script: "npm start", env: SHELL_ENV, ready: (line) => (gatewayUrl = gatewayUrlIn(line) ?? "") !== "" });
    try {
      // The snippets' placeholders: the gateway's URL, and an OIDC library's token (none: npm start asks for none).
      const setup = join(app, "src/apollo-client.ts");
      await writeFile(setup, (await readFile(setup, "utf8")).replace("https://gateway.example.com/graphql", gatewayUrl));
      await writeFile(
        join(app, "try-it.ts"),
        'Object.assign(globalThis, { getAccessToken: async () => undefined });\nconst { customerEmail } = await import("./src/customer");\nconsole.log(await customerEmail("cst_5ca4fab9dfc7fcbf"));\n',
      );
      const tried = await runCommand(`cd '${app}' && '${bin}/tsx' try-it.ts`, SHELL_ENV);
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
