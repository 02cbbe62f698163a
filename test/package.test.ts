import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("..", import.meta.url));
/** Not copied: installed or generated here, or not part of the source. */
const SKIP = new Set(["node_modules", "build", "coverage", ".git"]);

const root = mkdtempSync(join(tmpdir(), "chimeraforge-package-"));
const source = join(root, "source");
const app = join(root, "app");
const home = join(root, "home");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Node first on PATH, for npm and the executable's `#!/usr/bin/env node`; HOME here, so caches land here. */
const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, HOME: home, NO_COLOR: "1" };
delete env.CHIMERAFORGE_CACHE_DIR;
delete env.XDG_CACHE_HOME;

let files: string[] = [];

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: "utf8" });
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

// The package is packed from a copy of the working tree with the build npm test made (npm pack's
// prepack build is what a fresh clone runs; here it would only repeat that build).
beforeAll(() => {
  cpSync(REPO, source, { recursive: true, filter: (path) => !SKIP.has(basename(path)) || dirname(path) !== REPO.replace(/\/$/, "") });
  symlinkSync(join(REPO, "node_modules"), join(source, "node_modules"), "junction");
  const packed = run(npm, ["pack", "--ignore-scripts", "--pack-destination", root, "--silent"], source);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const tarball = join(root, readdirSync(root).find((name) => name.endsWith(".tgz"))!);
  const listing = run("tar", ["-tzf", tarball], root);
  files = listing.stdout.split("\n").filter((line) => line !== "").map((line) => line.replace(/^package\//, ""));
  mkdirSync(app);
  mkdirSync(home);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  // No dependencies to fetch: the package is self-contained, so this needs no network.
  const installed = run(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], app);
  if (installed.status !== 0) throw new Error(`npm install failed:\n${installed.stderr}`);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the package", () => {
  it("holds only what runs: no tests, sources, caches, source maps or development scripts", () => {
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "dist/cli.cjs", "dist/main.cjs", "dist/validated-data.bin", "dist/index.js", "dist/index.d.ts", "data/models.json", "data/measurements/decode.json"]),
    );
    const unwanted = files.filter((file) => /\.v8$|\.cache\/|^test\/|^src\/|^scripts\/|^build\/|fit-coefficients|\.map$|\.tmp$|node_modules\//.test(file));
    expect(unwanted).toEqual([]);
    expect(files.filter((file) => file.startsWith("dist/")).sort()).toEqual(["dist/cli.cjs", "dist/index.d.ts", "dist/index.js", "dist/main.cjs", "dist/mcp.cjs", "dist/validated-data.bin"]);
  });

  it("installs an executable that prints its version and plans", () => {
    const bin = join(app, "node_modules", ".bin", process.platform === "win32" ? "chimeraforge.cmd" : "chimeraforge");
    const version = run(bin, ["--version"], app);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(version.status).toBe(0);
    const plan = run(bin, ["plan", "--json"], app);
    expect(plan.status).toBe(0);
    expect((JSON.parse(plan.stdout) as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0);
    expect(run(bin, ["validate"], app).status).toBe(0);
  });

  it("serves MCP over stdio from the installed package alone (the SDK is bundled)", () => {
    const bin = join(app, "node_modules", ".bin", process.platform === "win32" ? "chimeraforge.cmd" : "chimeraforge");
    const messages = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "test", version: "0" } } },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "capacity", arguments: { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM" } } },
    ];
    // stdin ends after the messages: the server answers them, then stops.
    const served = spawnSync(bin, ["mcp"], { cwd: app, env, encoding: "utf8", input: messages.map((m) => JSON.stringify(m)).join("\n") + "\n" });
    expect(served.status).toBe(0);
    const replies = served.stdout.trim().split("\n").map((line) => JSON.parse(line) as { id: number; result: Record<string, unknown> });
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]);
    expect((replies[1]!.result["tools"] as { name: string }[]).map((t) => t.name).sort()).toEqual(["capacity", "explain", "fleet", "list_hardware", "list_models", "plan", "predict"]);
    expect(replies[2]!.result["structuredContent"]).toMatchObject({ binding: expect.any(String), max_request_rate: expect.any(Number) });
  });

  it("runs through npx", () => {
    const result = run(process.platform === "win32" ? "npx.cmd" : "npx", ["--no", "chimeraforge", "--version"], app);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("keeps its code cache outside the installed package", () => {
    const before = listFiles(join(app, "node_modules", "chimeraforge")).sort();
    run(join(app, "node_modules", ".bin", "chimeraforge"), ["plan"], app);
    expect(listFiles(join(app, "node_modules", "chimeraforge")).sort()).toEqual(before);
    expect(listFiles(join(home, ".cache", "chimeraforge")).some((file) => file.endsWith(".v8"))).toBe(true);
  });

  it("is a library an ES module imports", () => {
    const script = join(app, "use.mjs");
    writeFileSync(
      script,
      `import { createPlanner, plan } from "chimeraforge";
const planner = await createPlanner();
const result = await plan({ modelSize: "3b" });
console.log(JSON.stringify({ models: planner.catalog.models.length, candidates: result.candidates.length }));
`,
    );
    const result = run(process.execPath, [script], app);
    expect(result.stderr).toBe("");
    const { models, candidates } = JSON.parse(result.stdout) as { models: number; candidates: number };
    expect(models).toBeGreaterThan(0);
    expect(candidates).toBeGreaterThan(0);
  });

  it("types its requests: a TypeScript consumer compiles, and wrong types and unknown fields do not", () => {
    writeFileSync(
      join(app, "good.ts"),
      `import { createPlanner, type PlanRequest, type PlanResult } from "chimeraforge";
const request: PlanRequest = { hardware: "RTX 4090 24GB", requestRate: 2, quant: ["FP16"], limit: 3 };
export async function run(): Promise<number> {
  const planner = await createPlanner();
  const result: PlanResult = planner.plan(request);
  return result.candidates[0]?.total_throughput_tps ?? 0;
}
`,
    );
    writeFileSync(
      join(app, "bad.ts"),
      `import { plan } from "chimeraforge";
void plan({ requestRate: "2" });
void plan({ noSuchFlag: 1 });
`,
    );
    // One compiler run for both files: good.ts compiles clean, bad.ts has exactly its two errors. No
    // @types/node (checking it is most of the run): the package's types stand alone, as a browser-side
    // or Deno consumer's would; its declaration file is still checked (no skipLibCheck).
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", noEmit: true, types: [] },
        files: ["good.ts", "bad.ts"],
      }),
    );
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    const bad = run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    expect(bad.stdout.trim().split("\n").filter((line) => /error TS/.test(line)).map((line) => line.split("(")[0])).toEqual(["bad.ts", "bad.ts"]);
    expect(bad.stdout).toMatch(/bad\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(bad.stdout).toMatch(/bad\.ts\(3,\d+\): error TS2353: Object literal may only specify known properties, and 'noSuchFlag'/);
  });
});
