/**
 * The fenced code blocks of the project's Markdown, and what each is marked as. The marks
 * (`docs-snippets.test.ts` and `docs-consumer.test.ts` beside this file hold them to their word):
 *
 * - ```` ```sh runnable ```` runs in bash from the repository's root against a fresh gateway as
 *   `npm start` runs it (`127.0.0.1:4000` stands for its address) and must exit 0, or the code
 *   given as `exit=N`;
 * - ```` ```graphql runnable ```` is sent to that gateway as the operation of a POST;
 * - ```` ```json answer ```` / ```` ```text answer ```` right after a runnable block is what it
 *   prints: JSON equal but for `"…"` (any value; in a string, any text; as an array's last
 *   element or an object's key, any more), text line by line contained in the output;
 * - ```` ```sh serves ```` starts something that serves: it must print a URL that answers, and
 *   stop on Ctrl-C leaving no process behind;
 * - ```` ```ts runnable <path> ```` and ```` ```json runnable <path> ```` are files of a consumer
 *   app, generated and type-checked together;
 * - a block preceded by `<!-- not run: <why> -->` is deliberately not run.
 *
 * Commands run with only PATH and HOME from the test's environment, plus PORT, EXAMPLE_PORT and
 * SANDBOX_PORT set to 0 (free ports); `npm ci` is taken as done (the checkout is installed).
 */
import { readFileSync } from "node:fs";

/** One fenced block. */
export interface CodeBlock {
  /** `README.md:12`: where the block opens. */
  where: string;
  /** The info string's first word (`sh`, `graphql`, `ts`…), or "". */
  language: string;
  /** `runnable`, `serves`, `answer`, or undefined when unmarked. */
  mark?: "runnable" | "serves" | "answer";
  /** The expected exit code of a runnable command (`exit=N`), 0 unless given. */
  exitCode: number;
  /** The consumer file a `ts`/`json` runnable block is, when given. */
  path?: string;
  /** The reason of a `<!-- not run: … -->` comment right before it. */
  notRun?: string;
  /** Its text, without the list indentation it sits in. */
  text: string;
}

const FENCE = /^(\s*)(`{3,})(.*)$/;
const NOT_RUN = /^\s*<!-- not run: (.+?) -->\s*$/;

/** Every fenced block of a Markdown file, in order; `name` is how `where` names the file. */
export function codeBlocks(file: string, name: string): CodeBlock[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let at = 0; at < lines.length; at += 1) {
    const open = FENCE.exec(lines[at]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let end = at + 1;
    while (end < lines.length && lines[end]!.trim() !== fence) body.push(lines[end++]!.slice(indent.length));
    const [language = "", ...words] = info.trim().split(/\s+/).filter(Boolean);
    const mark = words.find((word) => word === "runnable" || word === "serves" || word === "answer") as CodeBlock["mark"];
    const exit = words.find((word) => word.startsWith("exit="));
    const path = words.find((word) => word !== mark && word !== exit);
    const previous = at > 0 ? NOT_RUN.exec(lines[at - 1]!) : null;
    blocks.push({
      where: `${name}:${at + 1}`,
      language,
      mark,
      exitCode: exit ? Number(exit.slice("exit=".length)) : 0,
      path,
      notRun: previous?.[1],
      text: body.join("\n"),
    });
    at = end;
  }
  return blocks;
}

/** Whether `actual` is what an answer block shows, `"…"` standing for what it leaves out. */
export function matchesAnswer(actual: unknown, expected: unknown): boolean {
  if (expected === "…") return actual !== undefined;
  if (typeof expected === "string" && expected.includes("…")) {
    const pattern = expected.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*");
    return typeof actual === "string" && new RegExp(`^${pattern}$`).test(actual);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return false;
    const open = expected.at(-1) === "…";
    const items = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < items.length : actual.length !== items.length) return false;
    return items.every((item, index) => matchesAnswer(actual[index], item));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const keys = Object.keys(expected).filter((key) => key !== "…");
    const open = "…" in expected;
    if (!open && Object.keys(actual).length !== keys.length) return false;
    return keys.every((key) => key in actual && matchesAnswer((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]));
  }
  return Object.is(actual, expected);
}
