import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CalibrationFileSchema } from "../../src/schema/calibration.js";
import { fixture } from "../calibrate/fixtures.js";
import { DATA_DIR } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "chimeraforge-calibrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROCM = fixture("llama-bench/jsonl-rocm-radeon8060s-llama32-1b.jsonl");
const PREDICT = ["predict", "--model", "llama3.2-1b", "--quant", "Q4_K_M", "--backend", "llama.cpp", "--hardware", "Radeon 8060S", "--gpu-price", "1", "--json"];

describe("chimeraforge calibrate", () => {
  const out = join(dir, "calibration.json");

  it("writes the calibration to --out (valid by its schema) and prints the factors, the rows and what it left out", async () => {
    const run = await runInProcess(["calibrate", ROCM, fixture("llama-bench/md-cuda-rtx4090-llama7b.txt"), "--out", out]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const written = CalibrationFileSchema.safeParse(JSON.parse(readFileSync(out, "utf8")));
    expect(written.success).toBe(true);
    expect(run.stdout).toContain("Factors: AMD Radeon 8060S (Ryzen AI Max+ 395) 128GB on llama.cpp");
    // The table prints the factor the file holds, to three decimals.
    const decode = written.data!.factors.find((f) => f.metric === "decode" && f.model === undefined)!;
    expect(run.stdout).toMatch(new RegExp(`decode, one\\s+│ ×${decode.factor.toFixed(3).replace(".", "\\.")}, KV`));
    const words = run.stdout.replace(/\s+/g, " ");
    expect(words).toContain('md-cuda-rtx4090-llama7b.txt: 5 rows: model "llama 7B" is not in the registry');
    expect(words).toContain(`Wrote ${out}`);
    // Nothing but the calibration is left beside it: the temporary file was renamed.
    expect(readdirSync(dir)).toEqual(["calibration.json"]);
  });

  it("--json prints the report as one document", async () => {
    const json = join(dir, "json.json");
    const run = await runInProcess(["calibrate", ROCM, "--out", json, "--json"]);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(["calibration", "rows", "unmapped", "skipped", "declined", "out"]);
    expect(report.rows.length).toBe(10);
    expect(report.calibration).toEqual(JSON.parse(readFileSync(json, "utf8")));
  });

  it("--calibration on predict, plan and validate applies it, and says so", async () => {
    const plain = JSON.parse((await runInProcess(PREDICT)).stdout);
    const calibrated = JSON.parse((await runInProcess([...PREDICT, "--calibration", out])).stdout);
    // The physics borrows llama.cpp's AMD decode from its NVIDIA fit; the file measured it 8.5% faster.
    expect(plain.provenance.throughput.source).toBe("borrowed");
    expect(calibrated.provenance.throughput.source).toBe("calibrated");
    expect(calibrated.throughput_tps).toBeGreaterThan(plain.throughput_tps);
    const human = await runInProcess(PREDICT.filter((a) => a !== "--json").concat("--calibration", out));
    expect(human.stdout).toMatch(/calibrated ×1\.\d\d /);
    const plan = JSON.parse((await runInProcess(["plan", "--hardware", "Radeon 8060S", "--gpu-price", "1", "--model", "llama3.2-1b", "--backend", "llama.cpp", "--calibration", out, "--json"])).stdout);
    expect(plan.candidates.length).toBeGreaterThan(0);
    expect(plan.candidates.every((c: { provenance: { throughput: { source: string } } }) => c.provenance.throughput.source === "calibrated")).toBe(true);
    const validate = JSON.parse((await runInProcess(["validate", "--calibration", out, "--json"])).stdout);
    expect(Object.keys(validate.coefficients)).toEqual(["default", "calibrated", "tr133"]);
  });

  it("never writes over an input, the planner's data, or half a file", async () => {
    const input = join(dir, "bench.jsonl");
    copyFileSync(ROCM, input);
    const before = readFileSync(input, "utf8");
    const over = await runInProcess(["calibrate", input, "--out", input]);
    expect([over.code, over.stdout]).toEqual([2, ""]);
    expect(over.stderr).toBe(`error: option '--out <file>' argument '${input}' is one of the benchmark files read: calibrate never writes over its input.\n`);
    expect(readFileSync(input, "utf8")).toBe(before);
    const data = await runInProcess(["calibrate", input, "--out", join(DATA_DIR, "calibration.json")]);
    expect([data.code, existsSync(join(DATA_DIR, "calibration.json"))]).toEqual([2, false]);
    expect(data.stderr).toMatch(/is inside the planner's data directory/);
    const missing = await runInProcess(["calibrate", input, "--out", join(dir, "no", "such", "dir.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot be written \(ENOENT\)/);
  });

  it("refuses what it cannot read, and writes nothing when no row maps", async () => {
    const text = join(dir, "notes.txt");
    writeFileSync(text, "not a benchmark\n");
    const unknown = await runInProcess(["calibrate", text, "--out", join(dir, "a.json")]);
    expect([unknown.code, unknown.stderr]).toEqual([2, `error: ${text}: not output calibrate reads (llama-bench, vllm bench serve, SGLang bench_serving, ollama run --verbose, genai-perf's CSV)\n`]);
    const nothing = join(dir, "nothing.json");
    const none = await runInProcess(["calibrate", fixture("llama-bench/md-metal-m1ultra-tinyllama-1b.md"), "--out", nothing]);
    expect(none.code).toBe(2);
    expect(none.stdout.replace(/\s+/g, " ")).toContain("md-metal-m1ultra-tinyllama-1b.md: 3 rows: no GPU named: give --hardware");
    expect(none.stderr).toMatch(/^error: no factor could be fitted/);
    expect(existsSync(nothing)).toBe(false);
    const gpu = await runInProcess(["calibrate", ROCM, "--out", nothing, "--hardware", "RTX 4091"]);
    expect(gpu.stderr).toMatch(/^error: option '--hardware <gpu>' argument 'RTX 4091' is not a known GPU/);
  });

  it("a bad calibration file is one error line naming it", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "chimeraforge-calibration", version: 2, sources: [], factors: [] }));
    const run = await runInProcess([...PREDICT, "--calibration", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"code":"data_file".*--calibration .*bad\.json: version: /);
    const reference = await runInProcess([...PREDICT, "--calibration", out, "--models-path", "data/reference/fitted_models.tr133.json"]);
    expect(reference.stderr).toMatch(/option '--calibration <file>' corrects the physics/);
  });
});
