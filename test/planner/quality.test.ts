import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import type { Candidate, PlanResult } from "../../src/core/planner/results.js";
import { DATA_DIR, plannerOf } from "../helpers/catalog.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

/** The published scores as data/quality-published.json holds them, by model. */
const PUBLISHED = new Map<string, { score: number; variant: string }>(
  (JSON.parse(readFileSync(join(DATA_DIR, "quality-published.json"), "utf8")) as { scores: { model: string; score: number; variant: string }[] }).scores.map((s) => [s.model, s]),
);

/** TR125's mean delta of a format, as the coefficient file holds it. */
const delta = (quant: string) => physics.catalog.fitted.quality.quant_deltas[quant]!;

/** Bits per weight of a format. */
const bits = (quant: string) => physics.catalog.quants.find((q) => q.name === quant)!.bits_per_weight;

/** Consecutive candidates of equal monthly cost, as pairs; a test asserts over each (with a count guard). */
function tiedPairs(result: PlanResult): [Candidate, Candidate][] {
  const pairs: [Candidate, Candidate][] = [];
  result.candidates.forEach((c, i) => {
    const next = result.candidates[i + 1];
    if (next && next.monthly_cost === c.monthly_cost) pairs.push([c, next]);
  });
  return pairs;
}

const A100 = "A100 80GB SXM";

describe("ranking at equal cost", () => {
  it("does not rank a measured low score above an unknown one: FP16 on vLLM before Q2_K on Ollama, by precision", () => {
    const result = physics.plan({ model: "llama3.1-8b", hardware: A100, limit: "all" });
    expect(result.scope.quality_ranking).toBe("precision");
    const cheapest = result.candidates.filter((c) => c.monthly_cost === result.candidates[0]!.monthly_cost);
    const fp16 = cheapest.findIndex((c) => c.quant === "FP16" && c.backend === "vllm");
    const q2 = cheapest.findIndex((c) => c.quant === "Q2_K" && c.backend === "ollama");
    expect(fp16).toBeGreaterThanOrEqual(0);
    expect(q2).toBeGreaterThan(fp16);
    expect(cheapest[fp16]!.quality).toBeNull();
    expect(cheapest[q2]!.quality).not.toBeNull();
    const pairs = tiedPairs(result);
    expect(pairs.length).toBeGreaterThan(10);
    for (const [a, b] of pairs) expect(bits(a.quant)).toBeGreaterThanOrEqual(bits(b.quant));
  });

  it("ranks by the TR124/TR125 score when every configuration weighed has one (as the reference does)", () => {
    const result = physics.plan({ model: "llama3.2-3b", quant: ["FP16", "Q8_0", "Q4_K_M", "Q2_K"], hardware: A100, limit: "all" });
    expect(result.scope.quality_ranking).toBe("tr");
    const pairs = tiedPairs(result);
    expect(pairs.length).toBeGreaterThan(3);
    for (const [a, b] of pairs) expect(a.quality!).toBeGreaterThanOrEqual(b.quality!);
    expect(reference.plan({}).scope.quality_ranking).toBe("tr");
  });

  it("ranks by the published score when every configuration has one and some lack a TR124/TR125 score", () => {
    const result = physics.plan({ model: ["qwen2.5-7b", "llama3.1-8b", "mistral-7b"], quant: "FP16", hardware: A100, limit: "all" });
    expect(result.scope.quality_ranking).toBe("published");
    const pairs = tiedPairs(result);
    expect(pairs.length).toBeGreaterThan(3);
    for (const [a, b] of pairs) expect(a.quality_published!.score).toBeGreaterThanOrEqual(b.quality_published!.score);
    expect(result.candidates[0]).toMatchObject({ model: "qwen2.5-7b", quality: null, quality_published: { source: "measured" } });
  });

  it("skips only what cannot rank among the best: the first few are those of the full ranking, under each scale", () => {
    for (const request of [
      { model: "llama3.1-8b", hardware: A100 },
      { model: ["qwen2.5-7b", "llama3.1-8b", "mistral-7b"], quant: "FP16", hardware: A100 },
      { modelSize: "8b", hardware: "L4" },
    ]) {
      const all = physics.plan({ ...request, limit: "all" }).candidates;
      expect(all.length).toBeGreaterThan(3);
      expect(physics.plan({ ...request, limit: 3 }).candidates).toEqual(all.slice(0, 3));
    }
  });

  it("ranks several GPUs on one scale: cheapest first, then the key of the scale the plan states", () => {
    // (the simulator's check left out: it ranks a candidate it finds missing an SLO after the rest)
    const result = physics.plan({ model: "llama3.1-8b", hardware: ["L4", "RTX 4090 24GB", A100], limit: 4, simulateTop: 0 });
    expect(result.scope.quality_ranking).toBe("precision");
    const costs = result.candidates.map((c) => c.monthly_cost!);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    const pairs = tiedPairs(result);
    for (const [a, b] of pairs) expect(bits(a.quant)).toBeGreaterThanOrEqual(bits(b.quant));
  });
});

describe("published scores", () => {
  it("carries the benchmark's 16-bit score as measured, and a format's as that less TR125's mean drop (estimated)", () => {
    const run = (quant: string, backend: string) => physics.predict({ model: "llama3.1-8b", quant, backend, hardware: A100 });
    const measured = PUBLISHED.get("llama3.1-8b")!;
    expect(run("FP16", "vllm").quality_published).toEqual({
      benchmark: "Open LLM Leaderboard v2",
      score: measured.score,
      source: "measured",
      variant: measured.variant,
      date: "2025-05-09",
    });
    expect(delta("Q2_K")).toBeLessThan(0);
    expect(run("Q2_K", "ollama").quality_published).toMatchObject({ source: "estimated", score: Number((measured.score + delta("Q2_K")).toFixed(4)) });
    // A positive mean delta is no drop: the estimate is the 16-bit score.
    expect(delta("Q8_0")).toBeGreaterThan(0);
    expect(run("Q8_0", "ollama").quality_published).toMatchObject({ source: "estimated", score: measured.score, quant_delta: 0 });
    // TR125 has no delta for AWQ: no estimate.
    expect(run("AWQ", "vllm").quality_published).toBeNull();
  });

  it("keeps the TR124/TR125 score where measured, beside the published one, never mixing them", () => {
    const p = physics.predict({ model: "llama3.2-3b", quant: "FP16", backend: "vllm", hardware: A100 });
    expect(p.quality).toBe(Number(physics.catalog.fitted.quality.fp16_baselines["llama3.2-3b"]!.toFixed(3)));
    expect(p.quality_published?.score).toBe(PUBLISHED.get("llama3.2-3b")!.score);
  });

  it("is null for a model the benchmark does not list, and with the TR133 reference", () => {
    const p = physics.predict({ model: "qwen3-8b", quant: "FP16", backend: "vllm", hardware: A100 });
    expect(PUBLISHED.has("qwen3-8b")).toBe(false);
    expect(p.quality_published).toBeNull();
    const candidates = reference.plan({}).candidates;
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) expect(c.quality_published).toBeNull();
  });
});

describe("the quality gate", () => {
  const target = (publishedQualityTarget: number, extra: object = {}) =>
    physics.explain({ model: "llama3.1-8b", hardware: A100, publishedQualityTarget, limit: "all", ...extra });

  it("judges the published score against --published-target only where no TR124/TR125 score exists", () => {
    const score = PUBLISHED.get("llama3.1-8b")!.score;
    const strict = target(score + 0.01);
    const fp16 = strict.rejected!.filter((r) => r.quant === "FP16");
    expect(fp16.length).toBeGreaterThan(0);
    for (const r of fp16) expect(r).toMatchObject({ gate: "quality", scale: "published", value: score, limit: score + 0.01 });
    // Q2_K has a TR124/TR125 score (0.59 ≥ 0.5): judged on it, though its published estimate is lower still.
    expect(strict.candidates.some((c) => c.quant === "Q2_K")).toBe(true);
    expect(strict.scope.published_quality_target).toBe(score + 0.01);
    const loose = target(score - 0.01).candidates.filter((c) => c.quant === "FP16");
    expect(loose.length).toBeGreaterThan(0);
    for (const c of loose) expect(c.warnings).toContainEqual(expect.objectContaining({ code: "quality_published_gate", score, target: score - 0.01, source: "measured" }));
  });

  it("lets a configuration with no score through, flagged, unless --unknown-quality reject", () => {
    const awq = physics.plan({ model: "llama3.1-8b", quant: "AWQ", hardware: A100 }).candidates;
    expect(awq.length).toBeGreaterThan(0);
    for (const c of awq) expect(c.warnings).toContainEqual({ code: "quality_unknown", assumed: null });
    const rejected = target(0.1, { unknownQuality: "reject" }).rejected!.filter((r) => r.quant === "AWQ");
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) expect(r).toMatchObject({ gate: "quality", scale: "none", value: null });
  });

  it("says in predict which score the gate judged", () => {
    const gate = (quant: string, backend: string) =>
      physics.predict({ model: "llama3.1-8b", quant, backend, hardware: A100, publishedQualityTarget: 0.2 }).gates.find((g) => g.gate === "quality");
    expect(gate("FP16", "vllm")).toMatchObject({ scale: "published", passed: true, limit: 0.2 });
    expect(gate("Q4_K_M", "ollama")).toMatchObject({ scale: "tr", passed: true, limit: 0.5 });
    expect(gate("AWQ", "vllm")).toMatchObject({ scale: "none", passed: true, prediction: "unknown" });
  });
});
