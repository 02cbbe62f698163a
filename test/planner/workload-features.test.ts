import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../src/core/catalog/types.js";
import { physicsEngine, type PhysicsSections } from "../../src/core/engines/physics.js";
import { tokensPerStep } from "../../src/core/laws/step.js";
import { createPlanner, type Planner } from "../../src/core/planner/planner.js";
import type { PredictRequest } from "../../src/core/planner/requests.js";
import { defaultCatalog, plannerOf } from "../helpers/catalog.js";
import { thrown } from "../helpers/thrown.js";

let catalog: Catalog;
let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [catalog, physics, reference] = await Promise.all([defaultCatalog(), plannerOf("default"), plannerOf("tr133")]);
});


/** One deployment at a light load: a 4K prompt, 256 output tokens. */
const FOUR_K = { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "A100 80GB SXM", promptTokens: 4096, outputTokens: 256, requestRate: 0.01, latencySloMs: 60000 } satisfies PredictRequest;

describe("prefix caching", () => {
  it("--prefix-cache-hit-rate 0.8 lowers the time to first token of a 4K prompt at least 3×", () => {
    const cold = physics.predict(FOUR_K);
    const warm = physics.predict({ ...FOUR_K, prefixCacheHitRate: 0.8 });
    expect(warm.cached_prompt_tokens).toBe(Math.round(0.8 * 4096));
    expect(cold.cached_prompt_tokens).toBeUndefined();
    expect(cold.ttft_ms! / warm.ttft_ms!).toBeGreaterThanOrEqual(3);
    expect(warm.scope.prefix_cache_hit_rate).toBe(0.8);
    // The decode is the same: only the prompt's computation is saved.
    expect(Math.abs(warm.tpot_ms / cold.tpot_ms - 1)).toBeLessThan(0.02);
  });

  it("saves prefill on every backend with a prefix cache, and the first token falls with the hit rate", () => {
    const backends = ["vllm", "sglang", "tgi", "tensorrt-llm", "llama.cpp", "ollama"];
    let checked = 0;
    for (const backend of backends) {
      const quant = backend === "llama.cpp" || backend === "ollama" ? "Q8_0" : "FP16";
      const ttft = [0, 0.5, 0.8, 0.95].map((h) => physics.predict({ ...FOUR_K, backend, quant, hardware: "H100 SXM 80GB", prefixCacheHitRate: h }).ttft_ms!);
      for (let i = 1; i < ttft.length; i++) expect(ttft[i], `${backend} at step ${i}`).toBeLessThan(ttft[i - 1]!);
      checked++;
    }
    expect(checked).toBe(backends.length);
  });

  it("a shared prefix is held once per replica by a paged cache: more sequences fit, fewer GPUs carry a load", () => {
    const long = { ...FOUR_K, hardware: "L40S 48GB", promptTokens: 8000, contextLength: 8256 };
    const apart = physics.predict(long);
    const shared = physics.predict({ ...long, sharedPrefixTokens: 6000 });
    expect(shared.scope.shared_prefix_tokens).toBe(6000);
    // The hit rate defaults to the shared prefix's share of the prompt.
    expect(shared.scope.prefix_cache_hit_rate).toBe(0.75);
    expect(shared.cached_prompt_tokens).toBe(6000);
    // The same KV cache holds each sequence's own 2,000 prompt tokens beside one copy of the 6,000 shared.
    expect(shared.kv_capacity_tokens).toBe(apart.kv_capacity_tokens);
    expect(shared.concurrency).toBeGreaterThan(apart.concurrency * 3);
    expect(shared.warnings.map((w) => w.code)).not.toContain("prefix_kv_per_slot");
    const billed = (r: PredictRequest) => physics.plan({ ...r, requestRate: 4, limit: 1 }).candidates[0]!.gpus_billed;
    expect(billed({ ...long, sharedPrefixTokens: 6000 })).toBeLessThan(billed(long));
  });

  it("llama.cpp caches per slot: the shared prefix's computation is saved, its KV is not, and a warning says so", () => {
    const r = { ...FOUR_K, backend: "llama.cpp", quant: "Q8_0", hardware: "H100 SXM 80GB", concurrency: 4 } satisfies PredictRequest;
    const apart = physics.predict(r);
    const shared = physics.predict({ ...r, sharedPrefixTokens: 3000 });
    expect(shared.ttft_ms!).toBeLessThan(apart.ttft_ms! / 2);
    expect(shared.vram_gb).toBe(apart.vram_gb);
    expect(shared.kv_capacity_tokens).toBe(apart.kv_capacity_tokens);
    expect(shared.warnings).toContainEqual({ code: "prefix_kv_per_slot", backend: "llama.cpp" });
  });

  it("a backend without a prefix cache ignores the hit rate and says so", () => {
    const facts = structuredClone(catalog.backendFacts);
    facts.backends.vllm!.prefix_caching.supported = false;
    const engine = physicsEngine(catalog.fitted as typeof catalog.fitted & PhysicsSections, facts);
    const planner = createPlanner({ ...catalog, backendFacts: facts, engine });
    const cold = planner.predict(FOUR_K);
    const asked = planner.predict({ ...FOUR_K, prefixCacheHitRate: 0.8 });
    expect(asked.ttft_ms).toBe(cold.ttft_ms);
    expect(asked.cached_prompt_tokens).toBeUndefined();
    expect(asked.warnings).toContainEqual({ code: "prefix_cache_unsupported", backend: "vllm" });
  });

  it("refuses a shared prefix longer than the prompt", () => {
    expect(thrown(() => physics.predict({ ...FOUR_K, sharedPrefixTokens: 5000 }))).toMatchObject({ code: "invalid_field", field: "sharedPrefixTokens" });
  });
});

describe("reasoning tokens", () => {
  const BASE = { model: "llama3.1-8b", quant: "FP8", backend: "vllm", hardware: "H100 SXM 80GB", promptTokens: 1000, outputTokens: 500, requestRate: 1, latencySloMs: 120000 } satisfies PredictRequest;

  it("raise the cost per delivered token in proportion: (output + reasoning) / output generated tokens each", () => {
    const plain = physics.predict(BASE);
    const thinking = physics.predict({ ...BASE, reasoningTokens: 2000 });
    expect(plain.cost_per_1m_delivered_tok).toBeUndefined();
    expect(thinking.scope.reasoning_tokens).toBe(2000);
    // Every generated token costs alike: a delivered one stands for five.
    expect(thinking.cost_per_1m_delivered_tok!).toBeCloseTo(thinking.cost_per_1m_tok! * 5, 3);
    // Against the same workload without them: at least five times (a longer context costs a little more per token), not far above.
    const ratio = thinking.cost_per_1m_delivered_tok! / plain.cost_per_1m_tok!;
    expect(ratio).toBeGreaterThanOrEqual(5);
    expect(ratio).toBeLessThan(5 * 1.5);
  });

  it("take decode time, context and KV: the first delivered token comes after them", () => {
    const plain = physics.predict(BASE);
    const thinking = physics.predict({ ...BASE, reasoningTokens: 2000 });
    expect(thinking.scope.context_length).toBe(1000 + 500 + 2000);
    expect(thinking.p95_latency_ms!).toBeGreaterThan(plain.p95_latency_ms! + 2000 * plain.tpot_ms * 0.9);
    expect(thinking.first_answer_ms!).toBeGreaterThan(thinking.ttft_ms! + 2000 * thinking.tpot_ms * 0.99);
    const capacity = (r: PredictRequest) => physics.plan({ ...r, requestRate: 5, limit: 1 }).candidates[0]!;
    expect(capacity({ ...BASE, reasoningTokens: 2000 }).gpus_billed).toBeGreaterThan(capacity(BASE).gpus_billed);
  });

  it("the TR133 reference laws refuse them (no decode step to apply them to)", () => {
    expect(thrown(() => reference.plan({ reasoningTokens: 100 }))).toMatchObject({ code: "invalid_field", field: "reasoningTokens" });
  });
});

describe("--compare-api", () => {
  const LOAD = { model: "llama3.1-8b", hardware: "H100 SXM 80GB", promptTokens: 1000, outputTokens: 300, requestRate: 5, latencySloMs: 30000, compareApi: true, limit: 1 } as const;

  it("sets each hosted price of the model beside the plan, with its source and date, and the break-even request rate", () => {
    const best = physics.plan(LOAD).candidates[0]!;
    const list = best.api_comparison!;
    expect(list.length).toBeGreaterThan(0);
    let checked = 0;
    for (const a of list) {
      expect(a.model).toBe("llama3.1-8b");
      expect(a.source).toMatch(/^https:\/\//);
      expect(a.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      const perRequest = (1000 * a.usd_per_1m_input + 300 * a.usd_per_1m_output) / 1e6;
      expect(a.hosted_usd_per_1m_tok).toBeCloseTo((perRequest / 300) * 1e6, 3);
      expect(a.hosted_usd_per_month).toBeCloseTo(perRequest * 5 * 30 * 24 * 3600, 0);
      if (a.break_even_request_rate !== null) {
        // At the break-even rate the API bills what the plan costs a month.
        expect(a.break_even_request_rate * perRequest * 30 * 24 * 3600).toBeCloseTo(best.monthly_cost!, 0);
        expect(a.break_even_request_rate).toBeLessThanOrEqual(best.total_throughput_tps / 300);
      }
      checked++;
    }
    expect(checked).toBe(list.length);
    // Without the flag, nothing.
    expect(physics.plan({ ...LOAD, compareApi: undefined }).candidates[0]!.api_comparison).toBeUndefined();
  });

  it("bills hidden reasoning tokens as output, and says which models have no hosted price", () => {
    const plain = physics.plan(LOAD).candidates[0]!.api_comparison![0]!;
    const thinking = physics.plan({ ...LOAD, reasoningTokens: 700, latencySloMs: 120000 }).candidates[0]!.api_comparison![0]!;
    expect(thinking.hosted_usd_per_month).toBeCloseTo(plain.hosted_usd_per_month + ((700 * plain.usd_per_1m_output) / 1e6) * 5 * 30 * 24 * 3600, 0);
    const unpriced = physics.plan({ ...LOAD, model: "llama3.2-1b" });
    expect(unpriced.notices).toContainEqual({ code: "api_price_unknown", models: ["llama3.2-1b"] });
    expect(unpriced.candidates[0]!.api_comparison).toEqual([]);
  });
});

describe("speculative decoding", () => {
  const ALONE = { model: "llama3.1-8b", quant: "FP16", backend: "vllm", hardware: "H100 SXM 80GB", promptTokens: 500, outputTokens: 500, requestRate: 0.01, latencySloMs: 60000 } satisfies PredictRequest;

  it("a sequence advances (1 − α^(k+1)) / (1 − α) tokens a step", () => {
    expect(tokensPerStep(3, 0.8)).toBeCloseTo(1 + 0.8 + 0.64 + 0.512, 9);
    expect(tokensPerStep(1, 0.85)).toBeCloseTo(1.85, 9);
    expect(tokensPerStep(4, 0)).toBe(1);
    expect(tokensPerStep(4, 1)).toBe(5);
  });

  it("EAGLE lowers the time per output token of a latency-bound request, the more the higher the acceptance", () => {
    const plain = physics.predict(ALONE);
    const tpot = [0.4, 0.6, 0.8, 0.95].map((acceptanceRate) => physics.predict({ ...ALONE, speculative: "eagle", acceptanceRate }).tpot_ms);
    for (let i = 1; i < tpot.length; i++) expect(tpot[i]).toBeLessThan(tpot[i - 1]!);
    expect(tpot[2]!).toBeLessThan(plain.tpot_ms / 2);
    // Never faster than the tokens a step yields allow.
    expect(tpot[3]!).toBeGreaterThan(plain.tpot_ms / tokensPerStep(3, 0.95));
  });

  it("takes the method's sourced default acceptance and draft length, and the scope says which", () => {
    const defaulted = physics.predict({ ...ALONE, speculative: "eagle" });
    expect(defaulted.scope.speculative).toEqual({
      method: "eagle",
      draft_model: null,
      acceptance: 0.8,
      acceptance_source: "default",
      draft_tokens: 3,
      draft_tokens_source: "default",
      tokens_per_step: 2.952,
    });
    const given = physics.predict({ ...ALONE, speculative: "eagle", acceptanceRate: 0.6, speculativeTokens: 5 });
    expect(given.scope.speculative).toMatchObject({ acceptance: 0.6, acceptance_source: "given", draft_tokens: 5, draft_tokens_source: "given" });
  });

  it("a draft model costs memory for its weights and KV, and compute each step; at a heavy batch it can cost more than it saves", () => {
    const target = { ...ALONE, model: "llama3.1-70b", quant: "FP8", hardware: "H200 SXM 141GB" };
    const plain = physics.predict(target);
    const drafted = physics.predict({ ...target, speculative: "draft:llama3.2-1b" });
    expect(drafted.scope.speculative).toMatchObject({ method: "draft", draft_model: "llama3.2-1b" });
    expect(drafted.vram_breakdown.weights_gb).toBeGreaterThan(plain.vram_breakdown.weights_gb + 1);
    expect(drafted.kv_capacity_tokens!).toBeLessThan(plain.kv_capacity_tokens!);
    expect(drafted.tpot_ms).toBeLessThan(plain.tpot_ms);
    // 64 sequences at once verify 4 tokens each a step: the step leaves the memory bound, and saves less.
    const ratioAt = (users: number) => {
      const r = { ...target, concurrency: 64, arrival: `closed:${users}` };
      return physics.predict({ ...r, speculative: "draft:llama3.2-1b" }).tpot_ms / physics.predict(r).tpot_ms;
    };
    expect(ratioAt(64)).toBeGreaterThan(ratioAt(1) + 0.2);
    expect(ratioAt(64)).toBeLessThan(1);
  });

  it("refuses what cannot draft: MTP without heads, a draft of another vocabulary, a backend without the method", () => {
    expect(thrown(() => physics.predict({ ...ALONE, speculative: "mtp" }))).toMatchObject({ code: "invalid_field", field: "speculative" });
    expect(thrown(() => physics.predict({ ...ALONE, speculative: "draft:qwen2.5-0.5b" })).message).toMatch(/vocabulary/);
    expect(thrown(() => physics.predict({ ...ALONE, backend: "tgi", speculative: "eagle" }))).toMatchObject({ code: "not_served", field: "speculative" });
    expect(thrown(() => physics.predict({ ...ALONE, acceptanceRate: 0.7 }))).toMatchObject({ code: "conflicting_fields", field: "acceptanceRate" });
    expect(thrown(() => physics.predict({ ...ALONE, speculative: "medusa" }))).toMatchObject({ field: "speculative" });
  });

  it("a launch of a plan that counts it says the commands do not turn it on, and how the backend does", () => {
    const plan = physics.plan({ model: "llama3.1-8b", hardware: "H100 SXM 80GB", backend: "sglang", speculative: "eagle", limit: 1 });
    const launch = physics.launch(plan.candidates[0]!, { scope: plan.scope });
    expect(launch.notes).toContainEqual({ code: "speculative_not_launched", method: "eagle", draft_model: null, how: expect.stringContaining("--speculative-algorithm") });
    const plain = physics.plan({ model: "llama3.1-8b", hardware: "H100 SXM 80GB", backend: "sglang", limit: 1 });
    expect(physics.launch(plain.candidates[0]!, { scope: plain.scope }).notes.map((n) => n.code)).not.toContain("speculative_not_launched");
  });

  it("a plan leaves out the models a method cannot draft for, and says so", () => {
    const plan = physics.plan({ model: "llama3.1-8b,deepseek-v3", hardware: "H200 SXM 141GB", speculative: "mtp", maxGpus: 16, limit: 1, requestRate: 0.5, latencySloMs: 60000 });
    expect(plan.notices).toContainEqual({ code: "speculation_skipped", method: "mtp", models: ["llama3.1-8b"] });
    expect(plan.candidates.every((c) => c.model === "deepseek-v3")).toBe(true);
  });
});

describe("MXFP4 and NVFP4", () => {
  it("gpt-oss-120b plans in MXFP4, its published format, and fits one 80 GB GPU", () => {
    const plan = physics.plan({ model: "gpt-oss-120b", hardware: "H100 SXM 80GB", requestRate: 0.5, latencySloMs: 60000, limit: "all" });
    expect(plan.candidates.length).toBeGreaterThan(0);
    expect(new Set(plan.candidates.map((c) => c.quant))).toEqual(new Set(["MXFP4"]));
    const one = physics.predict({ model: "gpt-oss-120b", quant: "MXFP4", backend: "vllm", hardware: "H100 SXM 80GB", tensorParallel: 1 });
    expect(one.gpus_per_replica).toBe(1);
    expect(one.vram_breakdown.weights_gb).toBeLessThan(70);
    expect(one.vram_gb).toBeLessThanOrEqual(80 * 0.95);
  });

  it("NVFP4 runs on Blackwell's FP4 tensor cores only", () => {
    const r = { model: "llama3.1-70b", quant: "NVFP4", backend: "vllm" } as const;
    expect(physics.predict({ ...r, hardware: "B200 180GB" }).quant).toBe("NVFP4");
    expect(thrown(() => physics.predict({ ...r, hardware: "H100 SXM 80GB" })).message).toMatch(/FP4 tensor cores/);
  });
});
