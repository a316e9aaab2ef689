// Preloaded with `--import` by process tests: as the process exits, writes the path of every
// CommonJS module it loaded (ESM's imports of CommonJS packages included) to $LOADED_MODULES_FILE.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const cache = createRequire(import.meta.url).cache;
process.on("exit", () => writeFileSync(process.env.LOADED_MODULES_FILE, Object.keys(cache).join("\n")));
