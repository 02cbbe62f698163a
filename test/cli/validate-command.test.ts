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

  it("serving under load: the held-out runs, which the fit never saw, are reported apart, each predicted", () => {
    const serving = report.models.filter((m) => m.name === "serving");
    const throughput = serving.find((m) => m.quantity === "output throughput of a deployment under load")!;
    const heldOut = throughput.points.filter((p) => !p.in_sample);
    expect(heldOut.length).toBeGreaterThan(100);
    expect(throughput.points.filter((p) => p.in_sample).length).toBeGreaterThan(heldOut.length);
    expect(throughput.points.every((p) => p.predicted.default !== null)).toBe(true);
    // Measured today: a median error of about 21% on the held-out throughputs (the 15% target is missed).
    const errors = heldOut.map((p) => Math.abs(p.predicted.default! / p.measured - 1)).sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan(0.3);
    expect(serving.map((m) => m.quantity)).toContain("median time to first token under load");
    // Rows kept from the fit say why.
    for (const m of serving.filter((x) => x.quantity.endsWith("kept from the fit"))) for (const p of m.points) expect(p.label).toContain("kept from the fit:");
  });

  it("TR130's laptop run: vLLM at 8 concurrent is predicted above its 559 tok/s, by under 50% (the laptop's host is slower than the datacenter runs the per-sequence time was fitted on; the 15% target is missed)", () => {
    const vllm = point(model("multi_agent_throughput"), "llama3.2-1b FP16 vllm, 8 concurrent");
    expect(vllm.predicted.default! / vllm.measured).toBeGreaterThan(1);
    expect(vllm.predicted.default! / vllm.measured).toBeLessThan(1.5);
  });

  it("holds single-request decode speed against every decode measurement, per backend and platform", () => {
    const groups = report.models.filter((m) => m.name === "decode_speed");
    const names = groups.map((g) => g.quantity);
    for (const key of ["llama.cpp on nvidia", "llama.cpp on apple", "vllm on nvidia"]) {
      expect(names).toContain(`single-request decode speed, ${key}`);
    }
    for (const g of groups) {
      expect(g.points.length).toBeGreaterThan(0);
      expect(g.stats.default!.n).toBe(g.points.length);
      // every group fitted on its own platform predicts its points with a median error under 15%; AMD's
      // five llama.cpp rows are too few to fit apart, so AMD borrows NVIDIA's figures (24% today)
      if (g.points.some((p) => p.in_sample) && !g.quantity.endsWith("on amd")) expect(g.stats.default!.median_ape!, g.quantity).toBeLessThan(0.15);
    }
  });

  it("prints every point, R², RMSE, MAPE and the worst point with --detail", async () => {
    const { code, stdout } = await runInProcess(["validate", "--detail"]);
    expect(code).toBe(0);
    for (const part of ["vram: peak VRAM", "R²", "RMSE", "MAPE", "median", "worst point", "in-sample", "-76.", "0.993", "decode_speed"]) expect(stdout).toContain(part);
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
    const one = await predict("vllm", ["--concurrency", "1", "--prompt-tokens", "0"]);
    const vllm = await predict("vllm", ["--concurrency", "8", "--prompt-tokens", "0"]);
    expect(vllm).toMatchObject({ replicas: 1, concurrency: 8, monthly_cost: 25.2 });
    expect(vllm.total_throughput_tps).toBeGreaterThan(one.total_throughput_tps * 8 * vllm.eta * 0.95);
    expect(vllm.total_throughput_tps).toBeLessThanOrEqual(one.total_throughput_tps * 8 * vllm.eta * 1.05);
  });

  it("replicas scale linearly and multiply the bill", async () => {
    const one = await predict("vllm", ["--concurrency", "4"]);
    const three = await predict("vllm", ["--concurrency", "4", "--replicas", "3"]);
    expect(three.total_throughput_tps).toBeCloseTo(one.total_throughput_tps * 3, 0);
    expect(three.monthly_cost).toBeCloseTo(one.monthly_cost! * 3, 2);
    expect(three.eta).toBe(one.eta);
    expect(three.cost_per_1m_tok).toBeCloseTo(one.cost_per_1m_tok!, 3);
  });

  it("counts every slot's KV cache in VRAM where memory grows with the slots (llama.cpp), and vLLM's share whatever the load", async () => {
    const one = await predict("llama.cpp", ["--context-length", "8192", "--concurrency", "1"]);
    const eight = await predict("llama.cpp", ["--context-length", "8192", "--concurrency", "8"]);
    expect(eight.vram_gb - one.vram_gb).toBeCloseTo(7 * 0.25, 1);
    const vllmOne = await predict("vllm", ["--context-length", "8192", "--concurrency", "1"]);
    const vllmEight = await predict("vllm", ["--context-length", "8192", "--concurrency", "8"]);
    expect(vllmEight.vram_gb).toBe(vllmOne.vram_gb);
    expect(vllmOne.kv_capacity_tokens).toBeGreaterThan(8 * 8192);
  });
});
