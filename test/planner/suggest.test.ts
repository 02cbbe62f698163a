import { beforeAll, describe, expect, it } from "vitest";
import { planScenario, type Planner } from "../../src/core/planner/planner.js";
import { search } from "../../src/core/search/search.js";
import type { PlanRequest } from "../../src/core/planner/requests.js";
import type { PlanResult, SuggestionField } from "../../src/core/planner/results.js";
import { plannerOf } from "../helpers/catalog.js";

let planner: Planner;
beforeAll(async () => {
  planner = await plannerOf("default");
});

/** The issue's example: a 4B at 0.3 req/s with 32K-token contexts on a laptop RTX 4080 and $37.80 a month. */
const ISSUE_EXAMPLE: PlanRequest = {
  modelSize: "4b",
  requestRate: 0.3,
  latencySloMs: 10_000,
  qualityTarget: 0.55,
  budgetUsdPerMonth: 37.8,
  hardware: "RTX 4080 12GB",
  contextLength: 32_768,
  outputTokens: 128,
};

/** No-fit requests, each turned away by a different constraint. */
const NO_FIT: Record<string, PlanRequest> = {
  "the issue's example": ISSUE_EXAMPLE,
  // An FP16 8B on one A100 decodes too slowly for 1.5 s; split over two GPUs it does not.
  "a latency SLO one GPU per replica misses": { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "A100 80GB SXM", requestRate: 1, latencySloMs: 1500 },
  // 200 req/s needs more than the default 16 RTX 4090s.
  "a rate beyond 16 GPUs": { model: "llama3.1-8b", hardware: "RTX 4090 24GB", requestRate: 200 },
  "a budget below one GPU": { model: "llama3.1-8b", hardware: "L4 24GB", budgetUsdPerMonth: 100, qualityTarget: 0.6 },
};

/** A no-fit request's plan, with its suggestions (worked out once per request). */
const plans = new Map<string, PlanResult>();
function planOf(name: string): PlanResult {
  let found = plans.get(name);
  if (!found) plans.set(name, (found = planner.plan({ ...NO_FIT[name]!, simulateTop: 0 })));
  return found;
}

/** Whether the request with one field changed admits a configuration: the plan's search, without the suggestions a plan that admits none works out. */
function admits(request: PlanRequest, field: SuggestionField, value: number | string): boolean {
  const catalog = planner.catalog;
  return search(catalog, planScenario(catalog, { ...request, [field]: value }), 1, { bound: true }).candidates.length > 0;
}

/** GPUs with an on-demand price (the basis a suggestion weighs) tried in place of the request's. */
const GPUS = ["RTX 4090 24GB", "A100 80GB SXM", "H100 SXM 80GB"];

/** A few values of each field, each a relaxation of the plan's (as its scope states it). */
function sweep(field: SuggestionField, plan: PlanResult): (number | string)[] {
  const s = plan.scope;
  switch (field) {
    case "budgetUsdPerMonth":
      return s.budget_usd_per_month === null ? [] : [s.budget_usd_per_month * 2, s.budget_usd_per_month * 10, 1e9];
    case "latencySloMs":
      return [s.latency_slo_ms * 2, s.latency_slo_ms * 10, 86_400_000];
    case "qualityTarget":
      return s.quality_target > 0 ? [s.quality_target / 2, 0] : [];
    case "requestRate":
      return [s.request_rate / 2, s.request_rate / 10, s.request_rate / 1000];
    case "contextLength":
      // A context the workload preset's prompt and output set cannot shrink alone (it would not hold them);
      // a context given alone holds a prompt of the context less the output.
      return s.context_source !== "given" ? [] : [2, 8, 64].map((k) => Math.max(s.output_tokens + 1, Math.floor(s.context_length / k)));
    case "maxGpus":
      return [64, 256].filter((n) => n > s.max_gpus);
    case "tensorParallel":
      return s.tensor_parallel === "auto" ? [] : ["auto"];
    case "hardware":
      return GPUS.filter((g) => !s.hardware.some((h) => h.name === g));
  }
}

const FIELDS: readonly SuggestionField[] = ["budgetUsdPerMonth", "latencySloMs", "qualityTarget", "requestRate", "contextLength", "maxGpus", "tensorParallel", "hardware"];

describe("--explain's suggestions are complete", () => {
  it("suggests for the issue's example a higher budget, a lower rate and a shorter context, each alone", () => {
    const plan = planOf("the issue's example");
    expect(plan.candidates).toEqual([]);
    const fields = plan.suggestions!.map((s) => s.field);
    expect(fields).toEqual(expect.arrayContaining(["budgetUsdPerMonth", "requestRate", "contextLength"]));
    expect(Number(plan.suggestions!.find((s) => s.field === "budgetUsdPerMonth")!.value)).toBeGreaterThan(37.8);
    expect(Number(plan.suggestions!.find((s) => s.field === "requestRate")!.value)).toBeLessThan(0.3);
  });

  it("suggests more GPUs per replica, or more GPUs, where only they admit one", () => {
    expect(planOf("a latency SLO one GPU per replica misses").suggestions!.find((s) => s.field === "tensorParallel")).toMatchObject({ value: 2, admits: { gpus_per_replica: 2 } });
    const cap = planOf("a rate beyond 16 GPUs").suggestions!.find((s) => s.field === "maxGpus");
    expect(Number(cap?.value)).toBeGreaterThan(16);
    // The least cap: one GPU fewer admits nothing.
    expect(admits(NO_FIT["a rate beyond 16 GPUs"]!, "maxGpus", Number(cap!.value) - 1)).toBe(false);
  });

  for (const name of Object.keys(NO_FIT)) {
    it(`${name}: every suggestion admits a plan alone, and no field left out does at any value tried`, () => {
      const plan = planOf(name);
      const request = NO_FIT[name]!;
      expect(plan.candidates, "a no-fit request").toEqual([]);
      const suggested = new Set(plan.suggestions!.map((s) => s.field));
      expect(suggested.size).toBeGreaterThan(0);
      for (const s of plan.suggestions!) expect(admits(request, s.field, s.value), `${s.field} ${s.value}`).toBe(true);
      let tried = 0;
      for (const field of FIELDS.filter((f) => !suggested.has(f))) {
        for (const value of sweep(field, plan)) {
          tried++;
          expect(admits(request, field, value), `${field} ${value} admits a plan but was not suggested`).toBe(false);
        }
      }
      expect(tried).toBeGreaterThan(3);
    });
  }
});
