#!/usr/bin/env node
/**
 * `postinstall`: small edits to installed dependencies, each kept until its project makes it
 * itself. Each patch (scripts/patches/) says what it changes and why, with the measurement.
 *
 * A file is edited only when every piece of code a patch expects is found exactly, and left as
 * it is otherwise, with a warning (the gateway works either way, only slower); a file already
 * carrying the patch's marker is left alone. `--check` changes nothing and exits 1 when a file is
 * not patched.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PATCHES } from "./patches/index.mjs";

/**
 * @typedef {object} DependencyPatch
 * @property {string} name
 * @property {string} packageName the package the files belong to
 * @property {string} entryDir the folder of the package's entry point, to find its root
 * @property {string[]} files paths inside the package
 * @property {string} marker text that only a patched file holds
 * @property {Array<[string, string]>} edits each piece of original code and its replacement
 * @property {string} [append] added at the end of each patched file
 * @property {string} unpatchedCost what running without the patch costs
 */

const check = process.argv.includes("--check");
// Files --check found without their patch.
let unpatched = 0;
for (const patch of PATCHES) {
  const root = packageRoot(patch);
  if (root === undefined) {
    // Not installed (yet): nothing to patch, and nothing patched.
    if (check) unpatched += patch.files.length;
    continue;
  }
  for (const relative of patch.files) {
    const file = `${root}/${relative}`;
    const text = readFileSync(file, "utf8");
    if (text.includes(patch.marker)) continue;
    if (check) {
      unpatched += 1;
    } else if (patch.edits.every(([original]) => text.split(original).length === 2)) {
      const patched = patch.edits.reduce((result, [original, replacement]) => result.replace(original, () => replacement), text);
      writeFileSync(file, `${patched}${patch.append ?? ""}`);
    } else {
      console.warn(`patch-dependencies: ${file} is not the code patch ${patch.name} expects; left as it is (the gateway works, with ${patch.unpatchedCost})`);
    }
  }
}
if (check && unpatched > 0) {
  console.error(`patch-dependencies: ${unpatched} file(s) not patched; run: node scripts/patch-dependencies.mjs`);
  process.exit(1);
}

/** The package's folder, from its entry point; undefined when it is not installed. */
function packageRoot({ packageName, entryDir }) {
  try {
    const entry = fileURLToPath(import.meta.resolve(packageName));
    return entry.slice(0, entry.lastIndexOf(`/${entryDir}/`));
  } catch {
    return undefined;
  }
}
