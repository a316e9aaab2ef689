/** The project's Markdown as the docs tests read it, and the shell a reader runs its commands in. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { codeBlocks } from "./code-blocks.js";
import { root } from "./job.js";

/** README.md and docs/*.md, as paths from the repository's root. */
export const DOC_FILES = ["README.md", ...(await readdir(join(root, "docs"))).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

/** Every code block of {@link DOC_FILES}, in order. */
export const DOC_BLOCKS = DOC_FILES.flatMap((name) => codeBlocks(join(root, name), name));

/**
 * What a reader's shell has, and no more: no NODE_ENV=test or other variable of this test run.
 * Servers bind free ports (PORT=0 and its kin), never another developer's 4000.
 */
export const READER_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", EXAMPLE_PORT: "0", SANDBOX_PORT: "0" };
