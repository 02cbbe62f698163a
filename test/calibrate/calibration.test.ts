import { describe, expect, it } from "vitest";
import { toolGpu } from "../../src/core/calibrate/resolve-rows.js";
import { createPlanner } from "../../src/core/planner/planner.js";
import type { PredictRequest } from "../../src/core/planner/requests.js";
import { loadCatalog } from "../../src/data/load-catalog.js";
import type { CalibrationFile } from "../../src/schema/calibration.js";
import { DATA_DIR, defaultCatalog, gpu, model, quant, TR133_MODELS } from "../helpers/catalog.js";
import { fitFixtures } from "./fixtures.js";

const catalog = await defaultCatalog();
const RADEON = "AMD Radeon 8060S (Ryzen AI Max+ 395) 128GB";
const ROCM_FILE = "llama-bench/jsonl-rocm-radeon8060s-llama32-1b.jsonl";

/** The planner over the shipped data with a calibration. */
async function calibratedPlanner(file: CalibrationFile) {
  return createPlanner(await loadCatalog({ dataDir: DATA_DIR, calibration: { file, label: "test calibration" } }));
}

describe("mapping rows onto the registry", () => {
  it("names GPUs as tools print them, without vendor words; a name that matches nothing is not guessed", () => {
    expect(toolGpu(catalog.gpus, "Radeon 8060S Graphics")?.name).toBe(RADEON);
    expect(toolGpu(catalog.gpus, "NVIDIA GeForce RTX 4090")?.name).toBe("RTX 4090 24GB");
    expect(toolGpu(catalog.gpus, "NVIDIA L40S")?.name).toBe("L40S 48GB");
    // The 8 and 16 GB cards share this name: neither is picked.
    expect(toolGpu(catalog.gpus, "NVIDIA GeForce RTX 4060 Ti")).toBeUndefined();
    expect(toolGpu(catalog.gpus, "NVIDIA GH200 480GB")).toBeUndefined();
  });

  it("maps a GGUF file name to its Hugging Face model and format, and reports what it cannot map", () => {
    const report = fitFixtures(catalog, [
      ROCM_FILE,
      "llama-bench/jsonl-vulkan-radeon8060s-gptoss20b.jsonl",
      "llama-bench/md-cuda-rtx4090-llama7b.txt",
      "llama-bench/md-metal-m1ultra-tinyllama-1b.md",
    ]);
    expect(new Set(report.rows.map((r) => `${r.model} ${r.quant} ${r.backend} ${r.gpu}`))).toEqual(new Set([`llama3.2-1b Q4_K_M llama.cpp ${RADEON}`]));
    expect(report.unmapped.map((u) => [u.file.split("/")[1], u.reason, u.name, u.rows])).toEqual([
      // gpt-oss's "F16" GGUF holds MXFP4 experts: 5.27 bits per weight, not FP16's 16.
      ["jsonl-vulkan-radeon8060s-gptoss20b.jsonl", "quant_mismatch", "F16 (5.27 bits per weight in the file)", 52],
      // codellama-7b, which the registry lacks: llama-bench names it only "llama 7B".
      ["md-cuda-rtx4090-llama7b.txt", "unknown_model", "llama 7B", 5],
      ["md-metal-m1ultra-tinyllama-1b.md", "no_gpu", undefined, 3],
    ]);
    expect(report.skipped).toEqual([{ file: "llama-bench/md-metal-m1ultra-tinyllama-1b.md", record: 6, reason: "combined_test" }]);
  });

  it("takes what a file does not name from the flags: a GPU, a model, a format, the split", () => {
    const metal = fitFixtures(catalog, ["llama-bench/md-metal-m1ultra-tinyllama-1b.md"], { gpu: gpu(catalog, "Apple M1 Ultra", 1) });
    expect(metal.unmapped.map((u) => [u.reason, u.name])).toEqual([["unknown_model", "llama 1B"]]);
    const sglang = "sglang-bench/jsonl-4xH200-llama33-70b-online.jsonl";
    const h200 = { gpu: gpu(catalog, "H200 SXM 141GB", 1), model: model(catalog, "llama3.3-70b"), tensorParallel: 4 };
    // No format in the file and no Hugging Face id to read the checkpoint's from: --quant is needed.
    expect(fitFixtures(catalog, [sglang], h200).unmapped.map((u) => [u.reason, u.rows])).toEqual([["no_quant", 7]]);
    const report = fitFixtures(catalog, [sglang], { ...h200, quant: quant(catalog, "FP16") });
    expect(report.rows.length).toBe(7);
    expect(report.rows.every((r) => r.gpus_per_replica === 4 && r.replicas === 1 && r.quant_source === "flag")).toBe(true);
  });
});

describe("fitting", () => {
  const report = fitFixtures(catalog, [ROCM_FILE]);
  const factor = (metric: string) => report.calibration.factors.find((f) => f.metric === metric && f.model === undefined);

  it("decode on one GPU over five contexts: the weights and the KV cache apart, within 1% in the fit and 2% held out", () => {
    const decode = factor("decode")!;
    expect(decode).toMatchObject({ gpu: RADEON, backend: "llama.cpp", rows: 5, models: ["llama3.2-1b"], files: [ROCM_FILE] });
    expect(decode.kv_factor).toBeDefined();
    expect(decode.fit.mape_after).toBeLessThan(Math.min(0.01, decode.fit.mape_before));
    expect(decode.held_out).toMatchObject({ method: "leave_one_row_out", rows: 5 });
    expect(decode.held_out!.mape_after).toBeLessThan(0.02);
    expect(decode.held_out!.mape_before).toBe(decode.fit.mape_before);
  });

  it("prefill on the prompt from an empty cache; prompts after a deep context are compared, not fitted", () => {
    const prefill = factor("prefill")!;
    expect([prefill.rows, prefill.held_out]).toEqual([1, null]);
    const rows = report.rows.filter((r) => r.metric === "prefill");
    expect(rows.map((r) => [r.depth_tokens, r.in_fit, r.not_fitted])).toEqual([
      [0, true, undefined],
      [1024, false, "deep_context"],
      [4096, false, "deep_context"],
      [16384, false, "deep_context"],
      [65536, false, "deep_context"],
    ]);
    expect(report.calibration.sources).toEqual([{ file: ROCM_FILE, tool: "llama-bench", format: "jsonl", measurements: 10, used: 6 }]);
  });

  it("per model where a GPU saw several, each judged by leaving one model out; no prefill factor from prompts of a few dozen tokens", () => {
    const ollama = fitFixtures(catalog, ["ollama/verbose-raw-macmini-20gpu-gemma3-1b.log", "ollama/verbose-raw-macmini-20gpu-gemma3-4b.log"], {
      gpu: gpu(catalog, "Apple M4 Pro", 1),
      quant: quant(catalog, "Q4_K_M"),
    });
    const decode = ollama.calibration.factors.filter((f) => f.metric === "decode");
    expect(decode.map((f) => [f.model ?? "all", f.rows, f.held_out?.method])).toEqual([
      ["all", 10, "leave_one_model_out"],
      ["gemma3-1b", 5, "leave_one_row_out"],
      ["gemma3-4b", 5, "leave_one_row_out"],
    ]);
    for (const f of decode) expect(f.fit.mape_after).toBeLessThan(f.fit.mape_before);
    // Prompts of 18 to 34 tokens: small-batch kernels, compared but not fitted, so no prefill factor.
    expect(ollama.calibration.factors.some((f) => f.metric === "prefill")).toBe(false);
    const prompts = ollama.rows.filter((r) => r.metric === "prefill");
    expect(prompts.length).toBe(10);
    expect(prompts.every((r) => r.not_fitted === "short_prompt")).toBe(true);
    // Their calibrated figure moves only by the decode factor's share of a prompt's pass (the weights' read, fixed and host time).
    const most = Math.max(...decode.map((f) => f.factor));
    for (const r of prompts) expect(r.calibrated / r.predicted).toSatisfy((x: number) => x >= 1 && x <= most + 1e-9);
  });

  it("throughput under load from vllm bench serve: four replicas of one L40S, the factor on the host time each further sequence adds", () => {
    const l40s = fitFixtures(catalog, ["vllm-bench/save-result-4xL40S-llama32-3b.jsonl"]);
    expect(l40s.unmapped).toEqual([]);
    expect(l40s.rows.every((r) => r.replicas === 4 && r.gpus_per_replica === 1 && r.quant === "FP16" && r.quant_source === "checkpoint")).toBe(true);
    const load = l40s.calibration.factors[0]!;
    expect(l40s.calibration.factors.length).toBe(1);
    expect(load).toMatchObject({ gpu: "L40S 48GB", backend: "vllm", metric: "load", rows: 9 });
    expect(load.fit.mape_after).toBeLessThan(load.fit.mape_before);
    // One row each: the factor reproduces it, through the engine as a plan applies it.
    const one = fitFixtures(catalog, ["vllm-bench/summary-strixhalo-radeon8060s-llama2-7b-c16.txt"], {
      model: model(catalog, "llama2-7b"),
      gpu: gpu(catalog, RADEON, 1),
    });
    expect(one.rows[0]!.calibrated).toBeCloseTo(one.rows[0]!.measured, 6);
  });
});

describe("applying", () => {
  it("target: calibrated on a llama-bench file of one GPU, predict is within 5% of its decode rows and its prompt from an empty cache", async () => {
    const { calibration, rows } = fitFixtures(catalog, [ROCM_FILE]);
    const planner = await calibratedPlanner(calibration);
    const base: PredictRequest = { model: "llama3.2-1b", quant: "Q4_K_M", backend: "llama.cpp", hardware: "Radeon 8060S", gpuUsdPerHour: 1 };
    let checked = 0;
    for (const row of rows.filter((r) => r.in_fit)) {
      if (row.metric === "decode") {
        const p = planner.predict({ ...base, promptTokens: row.depth_tokens, outputTokens: row.output_tokens });
        expect(Math.abs(p.throughput_tps / row.measured - 1)).toBeLessThan(0.05);
        expect(p.provenance.throughput.source).toBe("calibrated");
      } else {
        const p = planner.predict({ ...base, promptTokens: row.prompt_tokens, outputTokens: 1 });
        expect(Math.abs(row.prompt_tokens / (p.prefill_ms / 1000) / row.measured - 1)).toBeLessThan(0.05);
        expect(p.provenance.prefill.source).toBe("calibrated");
      }
      checked++;
    }
    expect(checked).toBe(6);
  });

  it("every figure touched says calibrated, with its factor; other GPUs and no file change nothing", async () => {
    const { calibration } = fitFixtures(catalog, [ROCM_FILE]);
    const calibrated = await calibratedPlanner(calibration);
    const plain = createPlanner(catalog);
    const request: PredictRequest = { model: "llama3.2-1b", quant: "Q4_K_M", backend: "llama.cpp", hardware: "Radeon 8060S", gpuUsdPerHour: 1 };
    const p = calibrated.predict(request);
    const decode = calibration.factors.find((f) => f.metric === "decode")!;
    expect(p.provenance.throughput.calibration).toMatchObject({ factor: Number(decode.factor.toFixed(4)), model: null, rows: 5 });
    expect(p.provenance.prefill.calibration?.rows).toBe(1);
    expect(p.throughput_tps).not.toBe(plain.predict(request).throughput_tps);
    const elsewhere: PredictRequest = { ...request, hardware: "RTX 4090 24GB" };
    expect(calibrated.predict(elsewhere)).toEqual(plain.predict(elsewhere));
    expect(calibrated.plan({ hardware: "RTX 4090 24GB", modelSize: "1b" })).toEqual(plain.plan({ hardware: "RTX 4090 24GB", modelSize: "1b" }));
    const none = createPlanner(await loadCatalog({ dataDir: DATA_DIR }));
    expect(none.predict(request)).toEqual(plain.predict(request));
    expect(JSON.stringify(plain.plan({ hardware: "L40S", gpuUsdPerHour: 1 }))).not.toContain("calibrated");
  });

  it("a load factor prices each sequence's host time in a step: it shapes throughput under load and barely touches one request", async () => {
    const { calibration } = fitFixtures(catalog, ["vllm-bench/save-result-4xL40S-llama32-3b.jsonl"]);
    const load = calibration.factors[0]!;
    const calibrated = await calibratedPlanner(calibration);
    const plain = createPlanner(catalog);
    const request: PredictRequest = { model: "llama3.2-3b", quant: "FP16", backend: "vllm", hardware: "L40S", gpuUsdPerHour: 1, promptTokens: 999, outputTokens: 267 };
    const ratio = (concurrency: number) => calibrated.predict({ ...request, concurrency }).total_throughput_tps / plain.predict({ ...request, concurrency }).total_throughput_tps;
    // One request pays one sequence's host time per step; at 64, 64 sequences': the factor's direction, far more than alone.
    const busy = ratio(64);
    expect(Math.sign(busy - 1)).toBe(Math.sign(load.factor - 1));
    expect(Math.abs(busy - 1)).toBeGreaterThan(5 * Math.abs(ratio(1) - 1));
    expect(calibrated.predict({ ...request, concurrency: 64 }).provenance.scaling.source).toBe("calibrated");
  });

  it("is refused with the reference's laws, and when it names what the data lacks", async () => {
    const { calibration } = fitFixtures(catalog, [ROCM_FILE]);
    await expect(loadCatalog({ dataDir: DATA_DIR, modelsPath: TR133_MODELS, calibration: { file: calibration, label: "c" } })).rejects.toMatchObject({
      code: "conflicting_fields",
      field: "calibration",
    });
    const stranger = { ...calibration, factors: [{ ...calibration.factors[0]!, gpu: "RTX 9090" }] };
    await expect(loadCatalog({ dataDir: DATA_DIR, calibration: { file: stranger, label: "c" } })).rejects.toThrow('c: factors.0.gpu: "RTX 9090" is not a GPU of hardware.json');
  });
});
