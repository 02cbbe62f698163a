import { beforeAll, describe, expect, it } from "vitest";
import type { ModelValidation, ValidationReport } from "../../src/core/validation/validation.js";
import type { MetricSummary } from "../../src/core/validation/validation-summary.js";
import type { PredictResult as PredictionJson } from "../../src/core/planner/results.js";
import { runInProcess } from "../helpers/run-cli.js";

let report: ValidationReport & { summary: MetricSummary[] };
const model = (name: ModelValidation["name"]) => report.models.find((m) => m.name === name)!;
const point = (m: ModelValidation, label: string) => m.points.find((p) => p.label.startsWith(label))!;

beforeAll(async () => {
  const { code, stdout } = await runInProcess(["validate", "--json"]);
  expect(code).toBe(0);
  report = JSON.parse(stdout) as typeof report;
});

describe("validate", () => {
  it("compares the default coefficients with the TR133 ones", () => {
    expect(Object.keys(report.coefficients)).toEqual(["default", "tr133"]);
    expect(report.models.map((m) => m.name).slice(0, 5)).toEqual(["vram", "multi_agent_throughput", "per_request_efficiency", "mean_efficiency", "service_time"]);
  });

  it("VRAM on the 17 TR127 points: R² ≥ 0.99 (the TR133 file: about −76, worst 128 GB)", () => {
    const vram = model("vram");
    expect(vram.points).toHaveLength(17);
    expect(vram.stats.default!.r2).toBeGreaterThanOrEqual(0.99);
    expect(vram.stats.tr133!.r2).toBeLessThan(-70);
    expect(Math.abs(vram.stats.tr133!.worst!.error)).toBeGreaterThan(128);
    // The 0.5 GB target is not met: llama3.2-3b grows 0.21 GB from 2K to 8K tokens while its KV
    // cache alone grows 0.66 GB, and phi-2 grows 0.67 GB where its KV grows 1.9 GB. Worst today: 1.10 GB.
    expect(Math.abs(vram.stats.default!.worst!.error)).toBeLessThan(1.15);
    expect(point(vram, "llama3.2-3b FP16, 32768").predicted.default).toBeCloseTo(12.6, 1);
  });

  it("batching engines at load: every in-sample deployment's throughput within 50%, the median within 25%", () => {
    const load = model("throughput_at_load");
    const errors = load.points.filter((p) => p.in_sample).map((p) => Math.abs(p.predicted.default! / p.measured - 1));
    expect(errors.length).toBeGreaterThan(5);
    expect(Math.max(...errors)).toBeLessThan(0.5);
    expect(load.stats.default!.median_ape!).toBeLessThan(0.25);
  });

  it("TR130's laptop run is the batching fit's outlier: the per-sequence time that fits load on datacenter GPUs predicts η(8) near 1, not 0.51", () => {
    const eff = model("per_request_efficiency");
    const vllm = point(eff, "llama3.2-1b FP16 vllm, 8 concurrent").predicted.default!;
    expect(vllm).toBeGreaterThan(0.9);
    // Ollama's 248 tok/s is held out: its single-request rate is labelled FP16 in TR133 but its weight
    // format is unknown (data/measurements/decode.json), so only its efficiency law is asserted.
    expect(point(model("multi_agent_throughput"), "llama3.2-1b FP16 ollama, 8 concurrent").in_sample).toBe(false);
    const ollama = point(eff, "llama3.2-1b FP16 ollama, 8 concurrent").predicted.default!;
    expect(ollama).toBeGreaterThanOrEqual(0.17);
    expect(ollama).toBeLessThanOrEqual(0.23);
  });

  it("holds single-request decode speed against every decode measurement, per backend and platform", () => {
    const groups = report.models.filter((m) => m.name === "decode_speed");
    const names = groups.map((g) => g.quantity);
    for (const key of ["llama.cpp on nvidia", "llama.cpp on apple", "vllm on nvidia", "tgi on nvidia"]) {
      expect(names).toContain(`single-request decode speed, ${key}`);
    }
    for (const g of groups) {
      expect(g.points.length).toBeGreaterThan(0);
      expect(g.stats.default!.n).toBe(g.points.length);
      // every fitted group predicts its points with a median error under 15%; Ollama's rows are held out
      if (g.points.some((p) => p.in_sample)) expect(g.stats.default!.median_ape!, g.quantity).toBeLessThan(0.15);
    }
  });

  it("prints every point, R², RMSE, MAPE and the worst point with --detail", async () => {
    const { code, stdout } = await runInProcess(["validate", "--detail"]);
    expect(code).toBe(0);
    for (const part of ["vram: peak VRAM", "R²", "RMSE", "MAPE", "median", "worst point", "in-sample", "-76.", "0.992", "decode_speed"]) expect(stdout).toContain(part);
  });

  it("prints one summary table by default that fits one screen: 40 lines of 80 columns at most", async () => {
    const { code, stdout } = await runInProcess(["validate"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // One row per validated quantity: the VRAM row holds its 17 fitted points and the default set's median/worst error.
    const vram = report.summary.find((m) => m.name === "vram")!;
    const row = lines.find((l) => l.startsWith("│ VRAM "))!;
    expect(row).toContain(`${vram.points.in_sample}+${vram.points.held_out}`);
    expect(row).toContain(`${(vram.sets.default!.in_sample.median_abs_error! * 100).toFixed(1)}/`);
    expect(lines.filter((l) => l.startsWith("│ ") && !l.startsWith("│ quantity") && !l.startsWith("│  "))).toHaveLength(report.models.length);
  });

  it("keeps the full report in JSON, with the summary beside it: fitted and held-out points apart, per set", () => {
    expect(report.summary).toHaveLength(report.models.length);
    report.models.forEach((m, i) => {
      const s = report.summary[i]!;
      expect(s.points.in_sample + s.points.held_out).toBe(m.points.length);
      expect(s.points.in_sample).toBe(m.points.filter((p) => p.in_sample).length);
      for (const set of ["default", "tr133"]) expect(s.sets[set]!.in_sample.n + s.sets[set]!.held_out.n).toBe(m.stats[set]!.n);
    });
  });
});

describe("predict on the measured points", () => {
  const predict = async (backend: string, extra: string[] = []) =>
    JSON.parse(
      (await runInProcess(["predict", "--json", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", backend, ...extra])).stdout,
    ) as PredictionJson;

  it("8 concurrent requests on one GPU: one GPU billed, 8 times one request's tokens at η(8)", async () => {
    const one = await predict("vllm", ["--prompt-tokens", "0"]);
    const vllm = await predict("vllm", ["--concurrency", "8", "--prompt-tokens", "0"]);
    expect(vllm).toMatchObject({ replicas: 1, concurrency: 8, monthly_cost: 25.2 });
    expect(vllm.total_throughput_tps).toBeGreaterThan(one.total_throughput_tps * 8 * vllm.eta * 0.95);
    expect(vllm.total_throughput_tps).toBeLessThanOrEqual(one.total_throughput_tps * 8 * vllm.eta * 1.05);
  });

  it("replicas scale linearly and multiply the bill", async () => {
    const one = await predict("vllm", ["--concurrency", "4"]);
    const three = await predict("vllm", ["--concurrency", "4", "--replicas", "3"]);
    expect(three.total_throughput_tps).toBeCloseTo(one.total_throughput_tps * 3, 0);
    expect(three.monthly_cost).toBeCloseTo(one.monthly_cost * 3, 2);
    expect(three.eta).toBe(one.eta);
    expect(three.cost_per_1m_tok).toBeCloseTo(one.cost_per_1m_tok, 3);
  });

  it("counts every concurrent sequence's KV cache in VRAM", async () => {
    const one = await predict("vllm", ["--context-length", "8192"]);
    const eight = await predict("vllm", ["--context-length", "8192", "--concurrency", "8"]);
    expect(eight.vram_gb - one.vram_gb).toBeCloseTo(7 * 0.25, 1);
  });

  it("warns beyond the measured concurrency", async () => {
    const p = await predict("vllm", ["--concurrency", "16"]);
    expect(p.warnings.map((w) => w.code)).toContain("concurrency_extrapolated");
  });
});
