import { execFileSync } from "node:child_process";

/** The Node binary the servers under test run on. */
export interface NodeBinary {
  /** Its path: `--node`'s, or `scripts/node-runtime.sh 24`'s. */
  path: string;
  /** What it reports, e.g. `v24.22.3`. */
  version: string;
}

/** The runtime production runs on (the README's and the image's): the servers run on it unless told otherwise. */
const PRODUCTION_NODE_MAJOR = "24";

/**
 * `--node PATH` from the command line, or else Node 24 from `scripts/node-runtime.sh` (fetched
 * into a cache folder on first use), so the servers run as production does whatever Node runs
 * the harness. Checked by running it once, so a wrong path fails before the build.
 */
export function nodeBinaryFrom(argv: readonly string[], root: string): NodeBinary {
  const at = argv.indexOf("--node");
  let path: string | undefined;
  if (at === -1) {
    path = execFileSync("scripts/node-runtime.sh", [PRODUCTION_NODE_MAJOR], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  } else {
    path = argv[at + 1];
    if (path === undefined || path.startsWith("--")) throw new TypeError("--node needs the path of a node binary, e.g. --node \"$(command -v node)\"");
  }
  let version: string;
  try {
    version = execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    throw new TypeError(`--node ${path}: expected a node binary that runs, but it could not be run`);
  }
  if (!/^v\d+\.\d+\.\d+$/.test(version)) throw new TypeError(`--node ${path}: expected a node binary, but it reports "${version.split("\n")[0]}" as its version`);
  return { path, version };
}
