import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATA_DIR, TR133_MODELS } from "./helpers/catalog.js";
import { runInProcess } from "./helpers/run-cli.js";

/** A data file as the tests edit it: any JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests reach into arbitrary JSON on purpose
type Json = any;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "chimeraforge-data-"));
  cpSync(DATA_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Edits a JSON data file of the temporary data directory. */
function edit(file: string, change: (data: Json) => void): void {
  const path = join(dir, file);
  const data = JSON.parse(readFileSync(path, "utf8"));
  change(data);
  writeFileSync(path, JSON.stringify(data));
}

async function planWith(extra: string[] = []) {
  return runInProcess(["plan", ...extra], { dataDir: dir });
}

describe("data files", () => {
  it("validate as shipped", async () => {
    expect((await planWith()).code).toBe(0);
  });

  it.each([
    ["hardware.json", (d: Json) => (d.gpus[3].memory_gb = -12), /hardware\.json: gpus\.3\.memory_gb: Too small/],
    ["hardware.json", (d: Json) => (d.gpus[3].bandwidth_gbps = 1e308), /hardware\.json: gpus\.3\.bandwidth_gbps: Too big/],
    ["hardware.json", (d: Json) => d.gpus.push({ ...d.gpus[0] }), /hardware\.json: gpus\.\d+\.name: duplicate name "RTX 3060 12GB"/],
    ["hardware.json", (d: Json) => d.gpus.push({ ...d.gpus[0], name: "rtx-3060 12gb", aliases: [] }), /hardware\.json: gpus\.\d+: "rtx-3060 12gb" is also a name of "RTX 3060 12GB"/],
    ["hardware.json", (d: Json) => (d.gpus[0].price.date = "last May"), /hardware\.json: gpus\.0\.price\.date: expected an ISO date/],
    ["hardware.json", (d: Json) => (d.gpus[0].price.basis = "cloud_on_demand"), /hardware\.json: gpus\.0\.price\.basis: Invalid option: expected one of "on_demand"\|"marketplace"/],
    ["hardware.json", (d: Json) => (d.gpus[0].interconnect.kind = "nvlink"), /hardware\.json: gpus\.0\.interconnect\.kind: Invalid option: expected one of "nvlink3"/],
    ["hardware.json", (d: Json) => delete d.gpus[0].board_power_w.source, /hardware\.json: gpus\.0\.board_power_w\.source: /],
    ["hardware.json", (d: Json) => (d.gpus[0].boost_clock_mhz.value = 17770), /hardware\.json: gpus\.0\.boost_clock_mhz\.value: Too big/],
    ["hardware.json", (d: Json) => (d.gpus[0].boost_clock_mhz.value = 1.777), /hardware\.json: gpus\.0\.boost_clock_mhz\.value: Too small/],
    ["hardware.json", (d: Json) => (d.gpus[0].purchase.date = "Feb 2021"), /hardware\.json: gpus\.0\.purchase\.date: expected an ISO date/],
    ["models.json", (d: Json) => (d.models[1].config.num_hidden_layers = 16.5), /models\.json: models\.1\.config\.num_hidden_layers: expected a whole number from 1 to 10000, found 16\.5/],
    ["models.json", (d: Json) => delete d.models[0].config.num_attention_heads, /models\.json: models\.0\.config\.num_attention_heads: missing/],
    ["models.json", (d: Json) => (d.models[0].config.model_type = "rwkv"), /models\.json: models\.0\.config\.model_type: "rwkv" is not a supported architecture/],
    ["models.json", (d: Json) => (d.models[2].aliases = ["Llama 3.2 1B"]), /models\.json: models\.2: "Llama 3\.2 1B" is also a name of "llama3\.2-1b"/],
    ["quants.json", (d: Json) => (d.quants[0].format = "safetensors"), /quants\.json: quants\.0\.format: /],
    ["backends.json", (d: Json) => (d.backends = []), /backends\.json: backends: Too small/],
    ["fitted_models.json", (d: Json) => (d.vram.overhead_factor = "1.05"), /fitted_models\.json: vram\.overhead_factor: Invalid input: expected number, received string/],
    ["fitted_models.json", (d: Json) => (d.throughput.lookup["llama3.2-1b|vllm"] = 100), /throughput\.lookup\.llama3\.2-1b\|vllm: /],
    ["fitted_models.json", (d: Json) => (d.vram.overheadfactor = 1), /fitted_models\.json: vram: Unrecognized key: "overheadfactor"/],
    ["fitted_models.json", (d: Json) => delete d.step_v1.pairs["tgi|any"], /step_v1\.pairs\.tgi\|any: missing/],
    ["fitted_models.json", (d: Json) => delete d.step_v1.pairs["vllm|nvidia"].sequence_ms, /step_v1\.pairs\.vllm\|nvidia\.sequence_ms: Invalid input/],
    ["fitted_models.json", (d: Json) => delete d.step_v1, /fitted_models\.json: step_v1: missing \(a file with vram_v2 needs every one of/],
    ["fitted_models.json", (d: Json) => (d.step_v1.pairs["vllm|nvidia"].kv_efficiency = 3), /step_v1\.pairs\.vllm\|nvidia\.kv_efficiency: Too big/],
    ["fitted_models.json", (d: Json) => (d.step_v1.links.nvlink.allreduce_us = -1), /step_v1\.links\.nvlink\.allreduce_us: Too small/],
    ["fitted_models.json", (d: Json) => (d.step_v1.pairs["vllm|nvdia"] = d.step_v1.pairs["vllm|nvidia"]), /step_v1\.pairs\.vllm\|nvdia: Invalid key in record/],
    ["quality-published.json", (d: Json) => (d.scores[0].model = "qwen9"), /quality-published\.json: scores\.0\.model: "qwen9" is not a model of models\.json/],
    ["quality-published.json", (d: Json) => (d.scores[1].variant = "meta-llama/Llama-3.2-1B"), /scores\.1\.variant: "meta-llama\/Llama-3\.2-1B" is not a name of llama3\.2-1b/],
    ["quality-published.json", (d: Json) => d.scores.push({ ...d.scores[0] }), /quality-published\.json: scores\.\d+\.model: "qwen2\.5-0\.5b" is scored twice/],
    ["workloads.json", (d: Json) => delete d.presets.rag, /workloads\.json: presets\.rag: /],
    ["measurements/vram.json", (d: Json) => (d.points[0].vram_gb = "big"), null],
  ])("%s, malformed, stops with one line naming the field (%#)", async (file, change, message) => {
    edit(file, change);
    if (message === null) {
      // plan does not read the measurement files; validate does
      const { code, stderr } = await runInProcess(["validate"], { dataDir: dir });
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

  it("takes an added GPU and an added model into account, each a one-entry change", async () => {
    edit("hardware.json", (d: Json) =>
      d.gpus.push({
        name: "Test GPU 48GB",
        vendor: "nvidia",
        memory_gb: 48,
        bandwidth_gbps: 556,
        price: { usd_per_hour: 0.01, basis: "on_demand", source: "a test", date: "2026-01-01" },
      }),
    );
    edit("models.json", (d: Json) =>
      d.models.push({ name: "test-llama", config_source: "a test", config: { ...d.models.find((m: Json) => m.name === "llama3.2-3b").config } }),
    );
    const { code, stdout } = await runInProcess(["plan", "--json", "--hardware", "test gpu", "--model", "test-llama"], { dataDir: dir });
    expect(code).toBe(0);
    const [top] = JSON.parse(stdout).candidates;
    expect(top).toMatchObject({ hardware: "Test GPU 48GB", model: "test-llama", quality: null });
  });
});
