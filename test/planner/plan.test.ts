import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import { plannerOf } from "../helpers/catalog.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

const NO_FIT = { modelSize: "8b", hardware: "RTX 4060 8GB", budgetUsdPerMonth: 30 };

describe("plan", () => {
  it("is the reference's default plan with the TR133 laws: every candidate, each naming its GPU and N agents", () => {
    const result = reference.plan({});
    expect(result.candidates[0]).toMatchObject({ model: "llama3.2-3b", quant: "Q4_K_M", backend: "ollama", n_agents: 1, replicas: 1, monthly_cost: 25.2 });
    expect(result.candidates.every((c) => c.hardware === "RTX 4080 12GB")).toBe(true);
    expect(result.candidates).toHaveLength(19);
    expect(result.passed).toBe(19);
    expect(result.scope).toMatchObject({ laws: "reference", budget_usd_per_month: 100, size_class: "3b" });
  });

  it("returns the five best with the physics unless asked for more, and says what it weighed", () => {
    const result = physics.plan({ hardware: "RTX 4090 24GB" });
    expect(result.candidates).toHaveLength(5);
    expect(physics.plan({ hardware: "RTX 4090 24GB", limit: 12 }).candidates).toHaveLength(12);
    const all = physics.plan({ hardware: "RTX 4090 24GB", limit: "all" });
    expect(all.candidates.length).toBeGreaterThan(12);
    expect(all.candidates.slice(0, 5)).toEqual(result.candidates);
    expect(result.scope).toMatchObject({ laws: "physics", budget_usd_per_month: null, max_gpus: 16, size_class: "3b", size_range_b: [1.5, 4.5] });
    expect(result.scope.defaults).toEqual(expect.arrayContaining(["modelSize", "requestRate", "promptTokens", "outputTokens", "workload", "maxGpus"]));
    expect(result.scope.defaults).not.toContain("hardware");
  });

  it("narrows to the formats and backends asked for", () => {
    const result = physics.plan({ model: "llama3.1-8b", quant: ["FP16", "AWQ"], backend: "vllm,sglang", hardware: "A100 80GB SXM", limit: "all" });
    expect(result.candidates.length).toBeGreaterThan(2);
    for (const c of result.candidates) {
      expect(["FP16", "AWQ"]).toContain(c.quant);
      expect(["vllm", "sglang"]).toContain(c.backend);
    }
    expect(result.scope).toMatchObject({ quants: ["FP16", "AWQ"], backends: ["vllm", "sglang"] });
  });

  it("says, as data, when nothing fits: the tally of each gate, and the least relaxations", () => {
    const result = reference.plan(NO_FIT);
    expect(result.candidates).toEqual([]);
    expect(result.searched).toBe(21);
    expect(result.rejected_by_gate).toMatchObject({ vram: 6, capacity: 15 });
    expect(result.suggestions?.map((s) => s.field)).toContain("hardware");
    expect(result.suggestions?.find((s) => s.field === "hardware")).toMatchObject({ value: "RTX 3080 10GB", admits: { model: "llama3.1-8b", quant: "Q3_K_S", backend: "ollama" } });
  });

  it("never lets a GPU that publishes no TFLOPS win on its unknown prompt time, and says so", () => {
    // The RTX 4070 Ti Super publishes no TFLOPS in the database; it is far cheaper per hour than the others.
    const result = physics.plan({ modelSize: "8b", hardware: ["RTX 4070 Ti Super", "RTX 4090 24GB", "L4"], priceBasis: "any", promptTokens: 2048, ttftSloMs: 500, simulateTop: 0 });
    const unknown = (c: (typeof result.candidates)[number]) => c.provenance.prefill.source === "unknown";
    expect(result.candidates.some(unknown)).toBe(true);
    expect(unknown(result.candidates[0]!)).toBe(false);
    const first = result.candidates.findIndex(unknown);
    expect(result.candidates.slice(first).every(unknown)).toBe(true);
    expect(result.notices).toContainEqual({ code: "prefill_unknown", gpus: ["RTX 4070 Ti Super 16GB"] });
  });

  it("plans several GPUs together: each GPU's best, ranked, and leaves out those without a price", () => {
    const result = physics.plan({ modelSize: "8b", hardware: ["RTX 4090 24GB", "L4", "H100 SXM", "RTX 4060 8GB"] });
    expect(result.per_gpu?.map((p) => p.gpu).sort()).toEqual(["H100 SXM 80GB", "L4 24GB", "RTX 4090 24GB"]);
    expect(result.notices).toEqual([{ code: "unpriced_gpus", basis: "on-demand", gpus: ["RTX 4060 8GB"] }]);
    // Cheapest first; a candidate the replica simulator checked and found missing an SLO comes after the
    // checked ones that pass, saying so, and before those it did not check.
    const demoted = (c: (typeof result.candidates)[number]) => c.warnings.some((w) => w.code === "simulation_misses_slo");
    const checked = result.candidates.filter((c) => c.simulated !== undefined);
    expect(checked.length).toBeGreaterThan(0);
    expect(result.candidates.slice(0, checked.length)).toEqual(checked);
    const order = [...checked.filter((c) => !demoted(c)), ...checked.filter(demoted)];
    expect(checked).toEqual(order);
    for (const group of [checked.filter((c) => !demoted(c)), checked.filter(demoted), result.candidates.slice(checked.length)]) {
      const costs = group.map((c) => c.monthly_cost!);
      expect(costs).toEqual([...costs].sort((a, b) => a - b));
    }
    expect(result.candidates[0]?.hardware).toBe(result.per_gpu?.[0]?.gpu);
  });
});

describe("explain", () => {
  it("lists every rejected configuration with its gate, value and limit, and how far each constraint can go", () => {
    const result = reference.explain({});
    expect(result.candidates).toHaveLength(19);
    expect(result.candidates.length + result.rejected!.length).toBe(84);
    expect(result.passed).toBe(19);
    for (const r of result.rejected!) expect(["vram", "quality", "capacity", "latency", "budget"]).toContain(r.gate);
    expect(result.suggestions?.map((s) => s.field)).toContain("budgetUsdPerMonth");
    const fp16 = reference.explain({ modelSize: "8b" }).rejected!.find((r) => r.quant === "FP16" && r.backend === "ollama");
    expect(fp16).toMatchObject({ gate: "vram", limit: 12 });
    expect(fp16!.value).toBeCloseTo(17.82, 2);
  });

  it("rejects a context longer than the model was trained for (the TR133 laws only warn), and suggests no longer context", () => {
    const request = { modelSize: "3b", contextLength: 4096, latencySloMs: 60000, budgetUsdPerMonth: 1000, hardware: "RTX 4090 24GB", limit: "all" } as const;
    const warned = reference.plan(request).candidates.find((c) => c.model === "phi-2");
    expect(warned?.warnings).toContainEqual({ code: "context_beyond_window", context_length: 4096, window: 2048 });
    const result = physics.explain(request);
    expect(result.candidates.map((c) => c.model)).not.toContain("phi-2");
    const phi = result.rejected!.filter((r) => r.model === "phi-2");
    expect(phi.length).toBeGreaterThan(0);
    for (const r of phi) expect(r).toMatchObject({ gate: "context", value: 4096, limit: 2048 });
    const context = physics.explain({ modelSize: "1b" }).suggestions!.find((s) => s.field === "contextLength");
    expect(Number(context?.value)).toBeLessThanOrEqual(131072);
  });
});

describe("provenance", () => {
  it("marks a lookup row on the reference GPU measured, and on another GPU extrapolated with the factor", () => {
    const find = (hardware?: string) =>
      reference.plan({ modelSize: "1b", requestRate: 0.1, ...(hardware ? { hardware } : {}) }).candidates.find((c) => c.quant === "FP16" && c.backend === "vllm");
    expect(find()?.provenance.throughput).toMatchObject({ source: "measured", basis: "lookup", bandwidth_factor: 1, capped: false });
    expect(find("RTX 4090 24GB")?.provenance.throughput).toMatchObject({ source: "extrapolated", basis: "lookup", bandwidth_factor: 1.8129 });
  });

  it("marks multipliers and power laws estimated, and derived VRAM and cost, estimated latency", () => {
    expect(reference.plan({}).candidates[0]?.provenance).toMatchObject({
      throughput: { source: "estimated", basis: "quant_multiplier" },
      quality: { source: "measured" },
      scaling: { source: "measured" },
      vram: { source: "derived" },
      cost: { source: "derived" },
      latency: { source: "estimated" },
    });
  });

  it("marks quality unknown, and warns, where the gate decided on the reference's 0.5 placeholder", () => {
    const unknown = reference.plan({ modelSize: "3b", qualityTarget: 0, requestRate: 0.1, latencySloMs: 60000 }).candidates.find((c) => c.model === "qwen2.5-3b");
    expect(unknown?.provenance.quality.source).toBe("unknown");
    expect(unknown?.warnings).toContainEqual({ code: "quality_unknown", assumed: 0.5 });
  });
});
