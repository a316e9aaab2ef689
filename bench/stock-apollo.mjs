#!/usr/bin/env node
/**
 * `node bench/stock-apollo.mjs`: gives the benchmark's plain server `@apollo/server` as published.
 *
 * The gateway's install patches Apollo (scripts/patches/); a team's hand-written server runs
 * Apollo as npm delivers it, and so does an independent benchmark's. plain (`bench/.build/plain.js`)
 * resolves its imports from `bench/.build/node_modules` first, so a copy of the installed package
 * there, with every Apollo patch undone, is what plain runs on; the gateway keeps the patched one.
 * Fails when a patch cannot be undone exactly, rather than let plain run on a half-patched copy.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PATCHES } from "../scripts/patches/index.mjs";

const PACKAGE = "@apollo/server";
const root = new URL("../", import.meta.url);
const installed = new URL(`node_modules/${PACKAGE}/`, root);
const copy = new URL(`bench/.build/node_modules/${PACKAGE}/`, root);

rmSync(copy, { recursive: true, force: true });
cpSync(installed, copy, { recursive: true });
for (const patch of PATCHES.filter(({ packageName }) => packageName === PACKAGE)) {
  for (const relative of patch.files) {
    const file = new URL(relative, copy);
    let text = readFileSync(file, "utf8");
    if (!text.includes(patch.marker)) continue; // the install left this file unpatched
    if (patch.append) text = once(text, patch.append, "", file);
    for (const [original, replacement] of [...patch.edits].reverse()) text = once(text, replacement, original, file);
    if (text.includes(patch.marker)) throw new Error(`stock-apollo: ${patch.name} left its marker in ${file.pathname}`);
    writeFileSync(file, text);
  }
}
const resolved = createRequire(new URL("bench/.build/plain.js", root)).resolve(PACKAGE);
if (!resolved.startsWith(copy.pathname)) throw new Error(`stock-apollo: plain would load ${resolved}, not the copy`);
console.log(`stock-apollo: plain runs on ${PACKAGE} as published (${copy.pathname})`);

/** `text` with the one occurrence of `found` replaced; fails unless it occurs exactly once. */
function once(text, found, replacement, file) {
  const parts = text.split(found);
  if (parts.length !== 2) throw new Error(`stock-apollo: cannot undo a patch in ${file.pathname} (${parts.length - 1} occurrences)`);
  return parts.join(replacement);
}
