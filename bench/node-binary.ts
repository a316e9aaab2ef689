import { execFileSync } from "node:child_process";

/** The Node binary the servers under test run on. */
export interface NodeBinary {
  /** Its path, as `--node` gave it; `process.execPath` by default. */
  path: string;
  /** What it reports, e.g. `v24.22.3`. */
  version: string;
}

/**
 * `--node PATH` from the command line (e.g. the output of `scripts/node-runtime.sh 24`), or the
 * Node running the harness. Checked by running it once, so a wrong path fails before the build.
 */
export function nodeBinaryFrom(argv: readonly string[]): NodeBinary {
  const at = argv.indexOf("--node");
  if (at === -1) return { path: process.execPath, version: process.version };
  const path = argv[at + 1];
  if (path === undefined || path.startsWith("--")) throw new TypeError("--node needs the path of a node binary, e.g. --node \"$(scripts/node-runtime.sh 24)\"");
  let version: string;
  try {
    version = execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    throw new TypeError(`--node ${path}: expected a node binary that runs, but it could not be run`);
  }
  if (!/^v\d+\.\d+\.\d+$/.test(version)) throw new TypeError(`--node ${path}: expected a node binary, but it reports "${version.split("\n")[0]}" as its version`);
  return { path, version };
}
