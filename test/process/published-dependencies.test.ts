import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; integrity?: string; hasInstallScript?: boolean }>;
};

/** Scripts npm runs on the project itself during `npm install` or `npm ci`. */
const LIFECYCLE_SCRIPTS = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];

/**
 * Packages whose installed files are compared with their published tarballs: the ones the
 * project once edited after install, and the ones that ship an install script of their own.
 */
const CHECKED_PACKAGES = ["@apollo/server", "ky", ...Object.keys(lock.packages).filter((path) => lock.packages[path]!.hasInstallScript).map(packageName)];

describe("the installed dependencies", () => {
  it("are installed by no script of the project's own", () => {
    expect(Object.keys(manifest.scripts).filter((name) => LIFECYCLE_SCRIPTS.includes(name))).toEqual([]);
  });

  it("run none of their own install scripts, so npm ci and npm ci --ignore-scripts install the same files", () => {
    const withInstallScripts = [...new Set(Object.keys(lock.packages).filter((path) => lock.packages[path]!.hasInstallScript).map(packageName))];
    expect(withInstallScripts.length).toBeGreaterThan(0);
    // npm 11 runs a dependency's install script only when allowScripts approves it.
    for (const name of withInstallScripts) expect([name, manifest.allowScripts?.[name]]).toEqual([name, false]);
    expect(Object.values(manifest.allowScripts ?? {})).not.toContain(true);
  });

  it("hold no file that mentions the gateway", () => {
    for (const name of ["@apollo/server", "ky"]) {
      for (const file of filesUnder(join(root, "node_modules", name))) {
        expect([file, readFileSync(file, "latin1").includes("bepaid")]).toEqual([file, false]);
      }
    }
  });

  // npm ci leaves each tarball it installed in npm's cache; one whose digest is the lock file's
  // integrity is the published package, byte for byte.
  const cache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  for (const name of CHECKED_PACKAGES) {
    const entry = lock.packages[`node_modules/${name}`]!;
    const tarball = cachedTarball(cache, entry.integrity!);
    it.skipIf(tarball === undefined)(`have ${name} ${entry.version} exactly as published, file for file`, () => {
      const unpacked = mkdtempSync(join(tmpdir(), "gw-published-"));
      try {
        execFileSync("tar", ["-xzf", tarball!, "-C", unpacked]);
        // npm's tarballs hold the package under one top folder, usually `package/`.
        const [top] = readdirSync(unpacked);
        const published = join(unpacked, top!);
        const installed = join(root, "node_modules", name);
        const publishedFiles = filesUnder(published).map((file) => relative(published, file));
        const installedFiles = filesUnder(installed).map((file) => relative(installed, file));
        expect(installedFiles.sort()).toEqual(publishedFiles.sort());
        for (const file of publishedFiles) {
          expect([file, sha256(join(installed, file))]).toEqual([file, sha256(join(published, file))]);
        }
      } finally {
        rmSync(unpacked, { recursive: true, force: true });
      }
    });
  }
});

/** `node_modules/a/node_modules/@b/c` → `@b/c`. */
function packageName(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf("node_modules/") + "node_modules/".length);
}

/** The tarball npm cached under this integrity (`sha512-<base64>`), if it is there and whole. */
function cachedTarball(cache: string, integrity: string): string | undefined {
  const [algorithm, digest] = integrity.split("-", 2) as [string, string];
  const hex = Buffer.from(digest, "base64").toString("hex");
  const file = join(cache, "_cacache", "content-v2", algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
  if (!existsSync(file)) return undefined;
  return createHash(algorithm).update(readFileSync(file)).digest("base64") === digest ? file : undefined;
}

/** Every file under `dir`, at any depth, except nested packages' own installs. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !relative(dir, file).split("/").includes("node_modules"));
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
