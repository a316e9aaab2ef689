import { execFileSync, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGatewayProcess } from "../../scripts/lib/gateway-process.js";
import { DEMO_SHOP } from "../../src/sandbox/demo-shop.js";
import { createSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };

/** One Dockerfile instruction: `COPY --from=build /app/dist ./dist` is COPY, ["--from=build"], "/app/dist ./dist". */
interface Instruction {
  keyword: string;
  flags: string[];
  args: string;
}

interface Stage {
  /** `FROM <image> AS <name>`'s name. */
  name: string;
  image: string;
  instructions: Instruction[];
}

const stages = parseDockerfile(readFileSync(join(root, "Dockerfile"), "utf8"));
const buildStage = stages.find((stage) => stage.name === "build")!;
// The image is its last stage.
const runtimeStage = stages.at(-1)!;
const dockerignore = readFileSync(join(root, ".dockerignore"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

/** The runtime stage's environment, from its ENV lines. */
const imageEnv = Object.fromEntries(instructions(runtimeStage, "ENV").map(({ args }) => args.split("=", 2) as [string, string]));

describe("the Dockerfile", () => {
  it("builds in one stage and runs in another, on Node 24's slim image, as an unprivileged user", () => {
    expect(stages.map(({ name }) => name)).toEqual(["build", "runtime"]);
    for (const stage of stages) expect(stage.image).toBe("node:24-slim");
    const users = instructions(runtimeStage, "USER").map(({ args }) => args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
  });

  it("listens on every interface of the container, on the port it exposes", () => {
    expect(imageEnv).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0" });
    expect(instructions(runtimeStage, "EXPOSE").map(({ args }) => args)).toEqual([imageEnv.PORT]);
  });

  it("installs from the lock file: every dependency to build, the production ones to run", () => {
    const runs = (stage: Stage) => instructions(stage, "RUN").map(({ args }) => args);
    expect(runs(buildStage)).toEqual([expect.stringMatching(/^npm ci( |$)/), "npm run build"]);
    expect(runs(runtimeStage)).toEqual([expect.stringMatching(/^npm ci --omit=dev( |$)/)]);
    // The runtime stage takes the manifest, the lock file and the build's dist/, nothing else.
    expect(instructions(runtimeStage, "COPY").map(({ flags, args }) => [...flags, args].join(" "))).toEqual([
      "package.json package-lock.json ./",
      "--from=build /app/dist ./dist",
    ]);
  });

  it("sends the builder only what it copies: no installs, tests, history or secrets", () => {
    for (const { flags, args } of stages.flatMap((stage) => instructions(stage, "COPY"))) {
      if (flags.some((flag) => flag.startsWith("--from="))) continue;
      // Each source the build copies is let back in by name.
      for (const source of args.split(/\s+/).slice(0, -1)) expect([source, dockerignore.some((line) => line === `!${source}` || line === `!${source}/`)]).toEqual([source, true]);
    }
    expect(dockerignore[0]).toBe("*");
    for (const kept of ["**/node_modules", "**/.git", "**/test", "**/.env", "**/.env.*"]) expect(dockerignore).toContain(kept);
  });
});

/**
 * The runtime stage replayed outside a container (none can run on these machines), from the
 * Dockerfile's own instructions: a clean folder gets exactly what its COPY lines copy, its RUN
 * lines run there as written, and its CMD starts the gateway with its ENV. The build stage is
 * replayed the same way, except that its full `npm ci` is the project's own install (the same
 * lock file and flags; test/process/published-dependencies.test.ts checks it is as published).
 */
describe("the image's runtime stage, replayed outside a container", { timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "gw-image-"));
  const buildDir = join(work, "build");
  const appDir = join(work, "app");
  let sandbox: Sandbox;

  beforeAll(async () => {
    replay(buildStage, buildDir, {
      run(command) {
        if (/^npm ci( |$)/.test(command)) symlinkSync(join(root, "node_modules"), join(buildDir, "node_modules"));
        else execFileSync("sh", ["-c", command], { cwd: buildDir, stdio: "pipe" });
      },
    });
    replay(runtimeStage, appDir, {
      from: { build: buildDir },
      run(command) {
        // The production install works with only the manifest and the lock file present.
        expect(readdirSync(appDir).sort()).toEqual(["package-lock.json", "package.json"]);
        // From npm's cache only (the project's own install filled it): no test reaches the network.
        execFileSync("sh", ["-c", command], { cwd: appDir, stdio: "pipe", env: { ...process.env, ...imageEnv, npm_config_offline: "true" } });
      },
    });
    sandbox = createSandbox();
    await sandbox.listen(0, "127.0.0.1");
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("holds dist/ and the production dependencies, and no package the lock file marks as development-only", () => {
    expect(readdirSync(appDir).sort()).toEqual(["dist", "node_modules", "package-lock.json", "package.json"]);
    const installed = (path: string) => existsSync(join(appDir, path, "package.json"));
    for (const name of Object.keys(manifest.dependencies)) expect([name, installed(`node_modules/${name}`)]).toEqual([name, true]);
    const devOnly = Object.keys(lock.packages).filter((path) => lock.packages[path]!.dev);
    expect(devOnly).toEqual(expect.arrayContaining(["node_modules/typescript", "node_modules/vitest", "node_modules/tsx"]));
    for (const path of devOnly) expect([path, installed(path)]).toEqual([path, false]);
  });

  it("imports nothing under dist/ but Node's own modules and the production dependencies", () => {
    const imported = new Set<string>();
    for (const file of readdirSync(join(appDir, "dist"), { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".js"))) {
      for (const specifier of importedSpecifiers(readFileSync(join(appDir, "dist", file), "utf8"))) {
        if (specifier.startsWith(".") || specifier.startsWith("node:") || builtinModules.includes(specifier)) continue;
        imported.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    for (const name of imported) expect([name, name in manifest.dependencies]).toEqual([name, true]);
  });

  it("starts with production's settings, answers a query and its health check, and stops on SIGTERM", async () => {
    const [command, ...args] = JSON.parse(instructions(runtimeStage, "CMD")[0]!.args) as string[];
    const token = "deployment-test-token-0123456789abcdef";
    // A container's environment: the image's ENV and what `docker run -e` adds, nothing of this shell's
    // (but PORT 0: the gateway reports the port it bound, and the health check is told that port).
    const env = {
      ...imageEnv,
      PORT: "0",
      BEPAID_API_URL: sandbox.url,
      BEPAID_SHOP_ID: DEMO_SHOP.shopId,
      BEPAID_SECRET_KEY: DEMO_SHOP.secretKey,
      GATEWAY_TOKENS: token,
      LOG_LEVEL: "warn",
    };
    const gateway = await startGatewayProcess({ node: command!, args, cwd: appDir, env, timeoutMs: 30_000 });
    const port = new URL(gateway.origin).port;
    const containerEnv = { PATH: process.env.PATH, ...env, PORT: port };
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ customer(id: "cst_5ca4fab9dfc7fcbf") { id firstName email } }' }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { customer: { id: "cst_5ca4fab9dfc7fcbf", firstName: "John", email: "customer@example.com" } } });
      // Production: no introspection.
      const introspection = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ __schema { queryType { name } } }" }),
      });
      expect(await introspection.text()).toContain("GRAPHQL_VALIDATION_FAILED");
      expect(healthCheck(containerEnv).status).toBe(0);

      expect((await gateway.stop()).code).toBe(0);
      expect(healthCheck(containerEnv).status).toBe(1);
    } finally {
      gateway.kill();
    }
  });
});

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const parsed: Stage[] = [];
  for (const line of lines) {
    const [, keyword, rest] = /^(\S+)\s+(.*)$/.exec(line)!;
    const flags: string[] = [];
    let args = rest!;
    for (let flag = /^(--\S+)\s+/.exec(args); flag; flag = /^(--\S+)\s+/.exec(args)) {
      flags.push(flag[1]!);
      args = args.slice(flag[0].length);
    }
    if (keyword!.toUpperCase() === "FROM") {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      parsed.push({ name: name ?? String(parsed.length), image: image!, instructions: [] });
    } else {
      parsed.at(-1)!.instructions.push({ keyword: keyword!.toUpperCase(), flags, args });
    }
  }
  return parsed;
}

function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/**
 * Replays a stage's WORKDIR, COPY and RUN in `dir` (which stands for the stage's WORKDIR).
 * COPY takes from the repository, or with `--from=<stage>` from that stage's folder in `from`.
 */
function replay(stage: Stage, dir: string, { from = {}, run }: { from?: Record<string, string>; run: (command: string) => void }) {
  const [workdir] = instructions(stage, "WORKDIR").map(({ args }) => args);
  expect(workdir).toMatch(/^\//);
  mkdirSync(dir, { recursive: true });
  for (const { keyword, flags, args } of stage.instructions) {
    if (keyword === "RUN") run(args);
    if (keyword !== "COPY") continue;
    const paths = args.split(/\s+/);
    const destination = resolve(dir, paths.pop()!);
    const fromStage = flags.find((flag) => flag.startsWith("--from="))?.slice("--from=".length);
    for (const source of paths) {
      // A source of another stage is an absolute path in its WORKDIR, which `from` maps to its folder.
      const origin = fromStage === undefined ? join(root, source) : join(from[fromStage]!, relative(workdirOf(fromStage), source));
      // Several sources, or a destination ending in "/", copy into a folder, keeping each name.
      const target = paths.length > 1 || args.endsWith("/") ? join(destination, source.split("/").at(-1)!) : destination;
      mkdirSync(dirname(target), { recursive: true });
      cpSync(origin, target, { recursive: true });
    }
  }
}

function workdirOf(stageName: string): string {
  const stage = stages.find(({ name }) => name === stageName)!;
  return instructions(stage, "WORKDIR")[0]!.args;
}

/** The image's HEALTHCHECK command, run as Docker would run it inside the container. */
function healthCheck(env: Record<string, string | undefined>) {
  const healthcheck = instructions(runtimeStage, "HEALTHCHECK")[0]!;
  const [, json] = /^CMD\s+(\[.*\])$/.exec(healthcheck.args)!;
  const [command, ...args] = JSON.parse(json!) as string[];
  return spawnSync(command!, args, { env, encoding: "utf8", timeout: 10_000 });
}

/** Module specifiers of static imports, dynamic imports with a literal, and `require` calls. */
function importedSpecifiers(code: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\)\(\s*)"([^"]+)"/g;
  return [...code.matchAll(pattern)].map((match) => match[1]!).filter((specifier) => !specifier.includes(" "));
}
