import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import { plannerOf } from "../helpers/catalog.js";
import { thrown } from "../helpers/thrown.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

const WORKLOAD = { requestRate: 2, latencySloMs: 20000, hardware: "RTX 4090 24GB", contextLength: 4096, outputTokens: 256 } satisfies PlanRequest;


describe("predict", () => {
  it("reproduces, field for field, every candidate a plan gives for the same workload (the TR133 laws)", () => {
    const plan = reference.plan({ ...WORKLOAD, modelSize: "all", budgetUsdPerMonth: 1000 });
    expect(plan.candidates.length).toBeGreaterThan(30);
    expect(new Set(plan.candidates.map((c) => c.replicas)).size).toBeGreaterThan(3);
    for (const c of plan.candidates) {
      // What a prediction adds of its own: the gates, its scope, whether it fits, where its concurrency came from.
      const { gates, passes_all_gates, scope, fits, failed_gates, concurrency_source, backend_concurrency, ...fields } = reference.predict({
        ...WORKLOAD,
        budgetUsdPerMonth: 1000,
        model: c.model,
        quant: c.quant,
        backend: c.backend,
        replicas: c.replicas,
      });
      expect(fields).toEqual(c);
      expect([passes_all_gates, fits, failed_gates]).toEqual([true, true, []]);
      expect(scope.laws).toBe("reference");
      expect({ concurrency_source, backend_concurrency }).toEqual({ concurrency_source: "default", backend_concurrency: null });
      expect(gates.map((g) => g.gate)).toEqual(["vram", "quality", "capacity", "latency", "budget"]);
    }
  });

  it("reproduces every candidate of a plan with the physics too, deployment included", () => {
    expect(physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm" }).simulated?.requests).toBe(1000);
    const work = { requestRate: 3, latencySloMs: 20000, hardware: "RTX 4090 24GB", budgetUsdPerMonth: 5000 } satisfies PlanRequest;
    const plan = physics.plan({ ...work, modelSize: "1b", limit: "all" });
    expect(plan.candidates.length).toBeGreaterThan(20);
    expect(plan.candidates.some((c) => c.concurrency > 1)).toBe(true);
    for (const c of plan.candidates) {
      const { gates, passes_all_gates, fits, failed_gates, scope: _, concurrency_source, backend_concurrency: __, ...fields } = physics.predict({
        ...work,
        model: c.model,
        quant: c.quant,
        backend: c.backend,
        replicas: c.replicas,
        concurrency: c.concurrency,
        tensorParallel: c.gpus_per_replica as 1 | 2 | 4 | 8,
      });
      // predict always runs the replica simulator; a plan runs it on its first candidates, and ranks those
      // it finds missing an SLO after the rest, saying so in a warning.
      const { simulated, ...predicted } = fields;
      const { simulated: planSimulated, ...planned } = c;
      // (the plan's check runs fewer requests: the same arrivals and seed, fewer of them)
      if (planSimulated) expect({ ...planSimulated, requests: simulated!.requests }).toMatchObject({ arrival: simulated!.arrival, seed: simulated!.seed, requests: simulated!.requests });
      expect(predicted).toEqual({ ...planned, warnings: planned.warnings.filter((w) => w.code !== "simulation_misses_slo") });
      expect([passes_all_gates, fits, failed_gates]).toEqual([true, true, []]);
      expect(concurrency_source).toBe("given");
      expect(gates.every((g) => g.passed)).toBe(true);
    }
  });

  it("shows which gates fail, with negative margins", () => {
    const p = reference.predict({ model: "llama3.1-8b", quant: "FP16", backend: "ollama" });
    expect(p.passes_all_gates).toBe(false);
    const vram = p.gates.find((g) => g.gate === "vram")!;
    expect(vram).toMatchObject({ passed: false, limit: 12, unit: "GB" });
    expect(vram.margin).toBeCloseTo(12 - p.vram_gb, 2);
  });

  it("says a configuration that does not fit does not run: fits false, the failing gates, no simulation", () => {
    const p = physics.predict({ model: "llama3.1-70b", quant: "FP16", backend: "vllm", hardware: "RTX 4090 24GB" });
    expect(p.fits).toBe(false);
    expect(p.failed_gates).toContain("vram");
    expect(p.simulated).toBeUndefined();
    // vLLM may take 0.9 of the GPU: the limit is that share (in GiB), not what the weights would need.
    const vram = p.gates.find((g) => g.gate === "vram")!;
    expect(vram).toMatchObject({ passed: false, unit: "GiB" });
    expect(vram.limit).toBeLessThan(24);
    const fitting = physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", hardware: "RTX 4090 24GB" });
    expect([fitting.fits, fitting.failed_gates]).toEqual([true, []]);
  });

  it("reports an unbounded p95 as null when the deployment cannot carry the load", () => {
    const p = physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", requestRate: 100 });
    expect(p.p95_latency_ms).toBeNull();
    expect(p.gates.find((g) => g.gate === "latency")?.passed).toBe(false);
  });

  it("accepts names in any case", () => {
    expect(physics.predict({ model: "LLAMA3.2-1B", quant: "q4_k_m", backend: "OLLAMA" }).model).toBe("llama3.2-1b");
  });

  it.each([
    [{ model: "llama9", quant: "FP16", backend: "vllm" }, "unknown_name", "model", /is not a known model\. Closest: "llama3-8b"/],
    [{ model: "llama3.2-1b", quant: "Q9", backend: "vllm" }, "unknown_name", "quant", /is not a known weight format\. Valid: FP16, Q8_0/],
    [{ model: "llama3.2-1b", quant: "FP16", backend: "triton" }, "unknown_name", "backend", /is not a known backend\. Valid: ollama, llama\.cpp, vllm, tgi, sglang/],
    [{ quant: "FP16", backend: "vllm" }, "invalid_field", "model", /predict takes one model, by model, modelConfig or modelShape/],
    [{ model: "llama3.2-1b", quant: "Q4_K_M", backend: "vllm" }, "not_served", "quant", /is not served: vllm does not serve gguf weights; it serves here: FP16, GPTQ-Int8, FP8, AWQ, GPTQ-Int4/],
    [{ model: "llama3.2-1b", quant: "FP8", backend: "vllm", hardware: "A100 80GB SXM" }, "not_served", "quant", /A100 80GB SXM has no FP8 tensor cores/],
    [{ model: "llama3.2-1b", quant: "FP16", backend: "vllm", hardware: "M2 Ultra", gpuUsdPerHour: 1 }, "not_served", "quant", /vllm does not run on apple GPUs \(Apple M2 Ultra\)/],
    [{ model: "llama3.2-1b", quant: "FP16", backend: "vllm", hardware: "all" }, "invalid_field", "hardware", /predict takes one GPU/],
    [{ model: "llama3.2-1b", quant: "FP16", backend: "vllm", kvDtype: "q8_0" }, "not_served", "kvDtype", /vllm stores a KV cache of fp16, fp8 only/],
    [{ model: "llama3.2-1b", quant: "FP16", backend: "ollama", tensorParallel: 2, hardware: "RTX 4080 Laptop" }, "not_deployable", "tensorParallel", /has no link between GPUs/],
  ] as const)("refuses %j: %s on %s", (request, code, field, message) => {
    const error = thrown(() => physics.predict(request as never));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
    expect(error.message).toMatch(message);
  });

  it("the reference's N agents are replicas and concurrency both: two that differ are refused", () => {
    const error = thrown(() => reference.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", replicas: 2, concurrency: 3 }));
    expect(error).toMatchObject({ code: "conflicting_fields", field: "concurrency" });
    expect(reference.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 3 })).toMatchObject({ replicas: 3, concurrency: 3, n_agents: 3 });
    expect(physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", concurrency: 3 })).not.toHaveProperty("n_agents");
  });

  it("rounds every gate's figures in its unit, and says unknown or unbounded instead of null or infinity", () => {
    const run = (extra: object) => physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", ...extra });
    const saturated = run({ requestRate: 1e6 });
    const latency = saturated.gates.find((g) => g.gate === "latency")!;
    expect(latency).toMatchObject({ passed: false, prediction: "unbounded" });
    expect(latency).not.toHaveProperty("value");
    for (const p of [saturated, run({})]) {
      expect(JSON.stringify(p.gates)).not.toMatch(/null|Infinity|NaN/);
      const figures = p.gates.flatMap((g) => [g.value, g.limit, g.margin]).filter((x) => x !== undefined);
      expect(figures.length).toBeGreaterThan(5);
      for (const x of figures) expect(String(x).split(".")[1]?.length ?? 0, String(x)).toBeLessThanOrEqual(3);
    }
  });

  it("states its scope: the laws, the GPU's price and basis, and the fields left to defaults", () => {
    const p = physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm" });
    expect(p.scope).toMatchObject({ laws: "physics", hardware: [{ name: "RTX 4080 Laptop 12GB", price_basis: "owned" }], price_basis: "on-demand", request_rate: 1 });
    expect(p.scope.defaults).toEqual(expect.arrayContaining(["hardware", "requestRate", "latencySloMs", "outputTokens", "promptTokens", "workload", "priceBasis"]));
    expect(p.scope.defaults).not.toContain("model");
    // The context follows from the chat preset's prompt and output: it took no default of its own.
    expect(p.scope.defaults).not.toContain("contextLength");
    expect(p.scope).toMatchObject({ workload: { preset: "chat", set: ["prompt_tokens", "output_tokens"] }, prompt_source: "workload", quality_ranking: null });
  });
});
