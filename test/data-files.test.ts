import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATA_DIR, TR133_MODELS } from "./helpers/catalog.js";
import { runInProcess } from "./helpers/run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "chimeraforge-data-"));
  cpSync(DATA_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Edits a JSON data file of the temporary data directory. */
function edit(file: string, change: (data: any) => void): void {
  const path = join(dir, file);
  const data = JSON.parse(readFileSync(path, "utf8"));
  change(data);
  writeFileSync(path, JSON.stringify(data));
}

async function planWith(extra: string[] = []) {
  return runInProcess(["plan", "--json", ...extra], { dataDir: dir });
}

describe("data files", () => {
  it("validate as shipped", async () => {
    expect((await planWith()).code).toBe(0);
  });

  it.each([
    ["hardware.json", (d: any) => (d.gpus[3].vram_gb = -12), /hardware\.json: gpus\.3\.vram_gb: Too small/],
    ["hardware.json", (d: any) => (d.reference_gpu = "RTX 9999"), /hardware\.json: reference_gpu: "RTX 9999" is not one of gpus/],
    ["hardware.json", (d: any) => d.gpus.push({ ...d.gpus[0] }), /hardware\.json: gpus\.15\.name: duplicate name/],
    ["models.json", (d: any) => (d.models[1].n_layers = 16.5), /models\.json: models\.1\.n_layers: /],
    ["models.json", (d: any) => delete d.models[0].params_b, /models\.json: models\.0\.params_b: /],
    ["quants.json", (d: any) => (d.quants[0].format = "safetensors"), /quants\.json: quants\.0\.format: /],
    ["backends.json", (d: any) => (d.backends = []), /backends\.json: backends: Too small/],
    ["fitted_models.json", (d: any) => (d.vram.overhead_factor = "1.05"), /fitted_models\.json: vram\.overhead_factor: Invalid input: expected number, received string/],
    ["fitted_models.json", (d: any) => (d.throughput.lookup["llama3.2-1b|vllm"] = 100), /throughput\.lookup\.llama3\.2-1b\|vllm: /],
    ["fitted_models.json", (d: any) => delete d.throughput.quant_multipliers.Q4_K_M, /throughput\.quant_multipliers\.Q4_K_M: missing/],
    ["fitted_models.json", (d: any) => (d.vram.overheadfactor = 1), /fitted_models\.json: vram: Unrecognized key: "overheadfactor"/],
    ["fitted_models.json", (d: any) => delete d.serving_v1.backends.tgi, /serving_v1\.backends\.tgi: missing/],
    ["fitted_models.json", (d: any) => delete d.serving_v1.backends.vllm.weight_read_efficiency, /serving_v1\.backends\.vllm\.weight_read_efficiency: a batching backend needs/],
    ["fitted_models.json", (d: any) => (d.serving_v1.backends.vllm.formats = ["safetensors"]), /serving_v1\.backends\.vllm\.formats\.0: /],
    ["measurements/vram.json", (d: any) => (d.points[0].vram_gb = "big"), null],
  ])("%s, malformed, stops with one line naming the field (%#)", async (file, change, message) => {
    edit(file, change);
    if (message === null) {
      // plan does not read the measurement files; validate does
      const { code, stderr } = await runInProcess(["validate", "--json"], { dataDir: dir });
      expect(code).toBe(2);
      expect(stderr).toMatch(/measurements\/vram\.json: points\.0\.vram_gb: Invalid input: expected number/);
      return;
    }
    const { code, stdout, stderr } = await planWith();
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("reports a file that is not JSON, or missing", async () => {
    writeFileSync(join(dir, "quants.json"), "{ not json");
    expect((await planWith()).stderr).toMatch(/quants\.json: not valid JSON/);
    rmSync(join(dir, "quants.json"));
    expect((await planWith()).stderr).toMatch(/quants\.json: cannot read \(no such file\)/);
  });

  it("validates a --models-path file and names the flag", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(TR133_MODELS, "utf8")), latency: { safety_factor: 2 } }));
    const { code, stderr } = await planWith(["--models-path", bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: --models-path .*bad\.json: latency\.service_times: /);
  });

  it("takes an edited GPU into account", async () => {
    edit("hardware.json", (d: any) => d.gpus.push({ name: "Test GPU 48GB", vram_gb: 48, bandwidth_gbps: 556, cost_per_hour: 0.01 }));
    const { code, stdout } = await runInProcess(["plan", "--json", "--hardware", "test gpu"], { dataDir: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0].hardware).toBe("Test GPU 48GB");
  });
});
