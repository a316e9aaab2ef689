import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayUrlIn } from "../../scripts/demo/processes.js";
import { type CodeBlock, matchesAnswer } from "./code-blocks.js";
import { DOC_BLOCKS, DOC_FILES, READER_ENV } from "./docs.js";
import { type Job, root, runCommand, startJob, stopAndListLeftovers } from "./job.js";

// Scripts another helper adds (package.json's test:unit); dropped from here once merged.
/** The checkout is installed already: `npm ci` would only reinstall it, so here it says so and passes. */
const PRELUDE = `npm() { if [ "$1" = ci ]; then echo "(npm ci: this checkout is installed already)"; else command npm "$@"; fi; }\n`;

/** The anchors GitHub gives a Markdown file's headings. */
function headingAnchors(markdown: string): Set<string> {
  const headings = markdown.replace(/```[^]*?```/g, "").matchAll(/^#+ (.+)$/gm);
  return new Set([...headings].map(([, title]) => title!.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replaceAll(" ", "-")));
}

const isDirectory = (path: string) => stat(path).then((found) => found.isDirectory(), () => false);

const runnable = (language: string) => DOC_BLOCKS.filter((block) => block.mark === "runnable" && block.language === language);
/** The answer block right after `block`, if there is one. */
function answerOf(block: CodeBlock): CodeBlock | undefined {
  const next = DOC_BLOCKS[DOC_BLOCKS.indexOf(block) + 1];
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
    const unmarked = DOC_BLOCKS.filter((block) => block.mark === undefined && block.notRun === undefined).map((block) => block.where);
    const both = DOC_BLOCKS.filter((block) => block.mark !== undefined && block.notRun !== undefined).map((block) => block.where);
    expect({ unmarked, both }).toEqual({ unmarked: [], both: [] });
    const unrun = DOC_BLOCKS.filter((block) => block.notRun !== undefined);
    const run = DOC_BLOCKS.filter((block) => block.mark === "runnable" || block.mark === "serves");
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
    for (const name of DOC_FILES) {
      // Links inside code blocks are code, not links.
      const text = (await readFile(join(root, name), "utf8")).replace(/```[^]*?```/g, "");
      for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(link!)) continue;
        const [path, anchor] = link!.split("#") as [string, string | undefined];
        const target = path === "" ? join(root, name) : join(root, dirname(name), path);
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
    for (const name of DOC_FILES) for (const [, script] of (await readFile(join(root, name), "utf8")).matchAll(/npm run (?:-s )?([\w:-]+)/g)) named.add(script!);
    expect([...named].filter((script) => !scripts.has(script))).toEqual([]);
  });

  it("put each answer right after the runnable command or operation it answers", () => {
    const stray = DOC_BLOCKS.filter((block) => block.mark === "answer" && !DOC_BLOCKS.some((other) => other.mark === "runnable" && answerOf(other) === block));
    expect(stray.map((block) => block.where)).toEqual([]);
  });
});

describe("the runnable commands and operations, against a fresh gateway as npm start runs it", () => {
  let gateway: Job;
  let gatewayUrl = "";

  beforeAll(async () => {
    gateway = await startJob({
      script: "npm start",
      env: READER_ENV,
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
    const { stdout, stderr, code } = await runCommand(PRELUDE + block.text.replaceAll("127.0.0.1:4000", host), READER_ENV);
    expect({ code, stderr: code === block.exitCode ? "" : stderr }).toEqual({ code: block.exitCode, stderr: "" });
    expectAnswer(block, block.exitCode === 0 ? stdout : stdout + stderr);
  }, 120_000);
});

describe("the commands that serve", () => {
  const commands = [...new Map(DOC_BLOCKS.filter((block) => block.mark === "serves").map((block) => [block.text, block])).values()];

  it.each(commands.map((block) => [block.where, block] as const))("%s serves at the URL it prints and stops on Ctrl-C, leaving no process behind", async (_, block) => {
    let served = "";
    const job = await startJob({
      script: PRELUDE + block.text,
      env: READER_ENV,
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
