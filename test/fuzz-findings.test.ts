// The fuzzing of issue 16 (command lines, config.json files, data files, output devices, the working
// directory): each finding, held. The library's (plan({ help: true }), predict(), a bad modelsPath, a
// missing file) are held by library.test.ts, the code cache's by code-cache/.
import { spawnSync } from "node:child_process";
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheDirectory } from "../src/code-cache/cache-directory.js";
import { OutputError } from "../src/cli/write-fd.js";
import { configurations } from "../src/core/search/configurations.js";
import type { Catalog } from "../src/core/catalog/types.js";
import { createPlanner } from "../src/index.js";
import { DATA_DIR, defaultCatalog, gpu, request, tr133Catalog } from "./helpers/catalog.js";
import { BUILT_CLI, runBuilt, runInProcess } from "./helpers/run-cli.js";

const root = mkdtempSync(join(tmpdir(), "chimeraforge-fuzz-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A shipped model's config.json with `change` applied, written to a file of its own. */
function configFile(name: string, change: Record<string, unknown>): string {
  const models = JSON.parse(readFileSync(join(DATA_DIR, "models.json"), "utf8")) as { models: { name: string; config: Record<string, unknown> }[] };
  const base = models.models.find((m) => m.name === "llama3.2-3b")!.config;
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...base, ...change }));
  return path;
}

/** Asserts a refusal: exit 2, nothing on stdout, one line on stderr matching `message`. */
function refusedInOneLine(result: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
}

describe("a config.json is bounded and consistent", () => {
  it.each([
    ["1e9 layers", { num_hidden_layers: 1e9 }, /num_hidden_layers: expected a whole number from 1 to \d+, found 1000000000\n$/],
    ["2^32 layers", { num_hidden_layers: 2 ** 32 }, /num_hidden_layers: expected a whole number from 1 to \d+, found 4294967296\n$/],
    ["1e8 layers", { num_hidden_layers: 1e8 }, /num_hidden_layers: expected a whole number from 1 to \d+, found 100000000\n$/],
    ["absurd head counts", { num_attention_heads: 1e15, num_key_value_heads: 1e15 }, /num_attention_heads: expected a whole number from 1 to \d+, found 1000000000000000\n$/],
    ["more KV heads than heads", { num_key_value_heads: 48 }, /num_key_value_heads: is 48, more than the 24 attention heads\n$/],
    ["more experts per token than experts", { model_type: "mixtral", architectures: ["MixtralForCausalLM"], num_local_experts: 8, num_experts_per_tok: 16 }, /num_experts_per_tok: is 16, more than the 8 experts\n$/],
    ["model_type constructor", { model_type: "constructor" }, /model_type: "constructor" is not a supported architecture/],
  ])("refuses %s in one line, exit 2, at once", async (name, change, message) => {
    const file = configFile(name.replace(/\W+/g, "-"), change);
    refusedInOneLine(await runInProcess(["plan", "--model-config", file]), message);
  });
});

describe("names of the object prototype are names like any other", () => {
  it.each([
    [["__proto__"], /^error: unknown command '__proto__'/],
    [["constructor"], /^error: unknown command 'constructor'/],
    [["plan", "--hardware", "__proto__"], /^error: option '--hardware <gpu>' argument '__proto__' is not a known GPU/],
    [["plan", "--model", "constructor"], /^error: option '--model <name>' argument 'constructor' is not a known model/],
    [["plan", "--quant", "toString"], /^error: option '--quant <level>' argument 'toString' is not a known weight format/],
    [["plan", "--backend", "hasOwnProperty"], /^error: option '--backend <name>' argument 'hasOwnProperty' is not a known backend/],
  ])("refuses %j in one line, exit 2", async (args, message) => {
    refusedInOneLine(await runInProcess(args), message);
  });

  it("plans a quant named toString in a data file as it plans the same quant under a plain name", async () => {
    const dir = join(root, "data-to-string");
    cpSync(DATA_DIR, dir, { recursive: true, filter: (path) => basename(path) !== "measurements" });
    const file = join(dir, "quants.json");
    const data = JSON.parse(readFileSync(file, "utf8")) as { quants: { name: string }[] };
    const q4 = data.quants.find((q) => q.name === "Q4_K_M")!;
    data.quants.push({ ...q4, name: "toString" }, { ...q4, name: "plain-copy" });
    writeFileSync(file, JSON.stringify(data));
    const planner = await createPlanner({ dataDir: dir });
    const { candidates } = planner.plan({ quant: ["toString", "plain-copy"], modelSize: "8b", hardware: "RTX 4090 24GB", limit: "all", simulateTop: 0 });
    const figures = (quant: string) =>
      candidates
        .filter((c) => c.quant === quant)
        .map(({ model, backend, vram_gb, total_throughput_tps, ttft_ms, monthly_cost }) => ({ model, backend, vram_gb, total_throughput_tps, ttft_ms, monthly_cost }));
    expect(figures("toString").length).toBeGreaterThan(0);
    expect(figures("toString")).toEqual(figures("plain-copy"));
    for (const c of figures("toString")) expect(c.total_throughput_tps).toBeGreaterThan(0);
  });
});

describe("the built CLI at the edges of its process", () => {
  it("refuses --models-path naming another shipped data file in one line: only the coefficient files skip validation", () => {
    const result = runBuilt(["plan", "--models-path", join(DATA_DIR, "hardware.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --models-path .*hardware\.json: /);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(runBuilt(["plan", "--models-path", join(DATA_DIR, "reference", "fitted_models.tr133.json"), "--json"]).code).toBe(0);
  });

  it("says in one line, exit 1, that an output device is full (plan --json > /dev/full)", () => {
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [BUILT_CLI, "plan", "--json"], { encoding: "utf8", env: { PATH: process.env.PATH }, stdio: ["ignore", full, "pipe"] });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`${JSON.stringify({ error: { code: "output_failed", message: "cannot write to standard output (ENOSPC)" } })}\n`);
    } finally {
      closeSync(full);
    }
  });

  it("runs in a working directory deleted under it, and says so in one line where a command needs it", () => {
    const run = (args: string[]) => {
      const dir = mkdtempSync(join(root, "gone-"));
      // The shell enters the directory, deletes it, and runs the CLI there.
      const result = spawnSync("sh", ["-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "sh", dir, process.execPath, BUILT_CLI, ...args], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, NO_COLOR: "1" },
      });
      return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    };
    const plan = run(["plan", "--json"]);
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0);
    refusedInOneLine(run(["calibrate", "bench.txt", "--out", "calibration.json"]), /^error: the working directory no longer exists/);
  });

  it("ignores a truncated dist/validated-data.bin: the data files are validated instead, the same plan printed", () => {
    const dist = join(root, "package", "dist");
    mkdirSync(dist, { recursive: true });
    for (const file of ["cli.cjs", "main.cjs"]) cpSync(join(dirname(BUILT_CLI), file), join(dist, file));
    symlinkSync(DATA_DIR, join(root, "package", "data"));
    const blob = readFileSync(join(dirname(BUILT_CLI), "validated-data.bin"));
    const env = { PATH: process.env.PATH, CHIMERAFORGE_CODE_CACHE: "0" };
    const intact = spawnSync(process.execPath, [BUILT_CLI, "plan", "--json"], { encoding: "utf8", env });
    expect(intact.status).toBe(0);
    let checked = 0;
    for (const length of [0, 10, Math.floor(blob.length / 2), blob.length - 1]) {
      writeFileSync(join(dist, "validated-data.bin"), blob.subarray(0, length));
      const result = spawnSync(process.execPath, [join(dist, "cli.cjs"), "plan", "--json"], { encoding: "utf8", env });
      expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }, `truncated to ${length} bytes`).toEqual({ status: 0, stderr: "", stdout: intact.stdout });
      checked++;
    }
    expect(checked).toBe(4);
  });
});

describe("failing output devices, in-process", () => {
  const refusing = (fd: number) => () => {
    throw new OutputError(fd, "ENOSPC");
  };

  it("a stdout that refuses a write: one line on stderr (JSON with --json), exit 1", async () => {
    expect(await runInProcess(["plan"], { stdout: refusing(1) })).toEqual({ code: 1, stdout: "", stderr: "error: cannot write to standard output (ENOSPC)\n" });
    const json = await runInProcess(["plan", "--json"], { stdout: refusing(1) });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: "output_failed", message: "cannot write to standard output (ENOSPC)" } });
  });

  it("a stderr that refuses the error (plan --bogus 2>/dev/full): still exit 2", async () => {
    expect((await runInProcess(["plan", "--bogus"], { stderr: refusing(2) })).code).toBe(2);
    expect((await runInProcess(["plan", "--hardware", "RTX 5099"], { stderr: refusing(2) })).code).toBe(2);
    expect((await runInProcess([], { stderr: refusing(2) })).code).toBe(2);
  });
});

describe("the code cache's place", () => {
  it("is nowhere under a relative HOME (HOME=. would put it in the working directory)", () => {
    expect(cacheDirectory({}, () => ".")).toBeUndefined();
    expect(cacheDirectory({}, () => "home/ada")).toBeUndefined();
    expect(cacheDirectory({}, () => "/home/ada")).toBe("/home/ada/.cache/chimeraforge");
  });
});

describe("the capacity gate's limit (plan --hardware 'H100 SXM' --model-size all --tp auto --explain --max-gpus 256 took 81 s)", () => {
  let physics: Catalog;
  let tr133: Catalog;
  beforeAll(async () => {
    [physics, tr133] = await Promise.all([defaultCatalog(), tr133Catalog()]);
  });

  it("is the most any deployment carries, found without listing every deployment", () => {
    let compared = 0;
    for (const catalog of [physics, tr133]) {
      for (const maxGpus of [1, 3, 16]) {
        const r = request(catalog, { sizeClass: { kind: "params", billions: 8 }, maxGpus, tensorParallel: "auto", gpu: gpu(catalog, "RTX 4090 24GB", 1) });
        for (const config of [...configurations(catalog, r)].filter((_, i) => i % 5 === 0)) {
          const listed = Math.max(...catalog.engine.deployments(config, r).map((s) => s.totalTps));
          expect(catalog.engine.mostTps(config, r), `${config.model.name} ${config.quant.name} ${config.backend}`).toBe(listed);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
