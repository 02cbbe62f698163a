import { beforeAll, describe, expect, it } from "vitest";
import type { Planner } from "../../src/core/planner/planner.js";
import type { PredictRequest } from "../../src/core/planner/requests.js";
import { renderPrediction } from "../../src/render/prediction-report.js";
import { plannerOf } from "../helpers/catalog.js";

let planner: Planner;
beforeAll(async () => {
  planner = await plannerOf("default");
});

/** An 8B on an RTX 4090 at 1 req/s (a rate: with a concurrency alone, predict runs a closed loop), on `backend` in `quant`, concurrency not given. */
const unasked = (backend: string, quant: string): PredictRequest => ({ model: "llama3.1-8b", hardware: "RTX 4090 24GB", backend, quant, requestRate: 1 });

describe("predict without --concurrency", () => {
  it.each([
    ["vllm", "FP16"],
    ["sglang", "FP16"],
    ["ollama", "Q4_K_M"],
    ["llama.cpp", "Q4_K_M"],
  ])("%s runs its own default, within its KV cache, and says so", (backend, quant) => {
    const p = planner.predict(unasked(backend, quant));
    const b = p.backend_concurrency!;
    const scheduler = planner.catalog.backendFacts.backends[backend]!.scheduler.max_sequences;
    expect(p.concurrency_source).toBe("backend_default");
    expect(b.setting).toBe(scheduler.name);
    // A fixed default is the data's; vLLM's depends on the GPU's memory, SGLang's on its KV pool.
    if (scheduler.default !== null && scheduler.tiers === undefined) expect(b.default).toBe(scheduler.default);
    expect(p.concurrency).toBe(Math.min(b.default, b.kv_cache_limit));
    // The same prediction as asking for that concurrency.
    const given = planner.predict({ ...unasked(backend, quant), concurrency: p.concurrency });
    expect(given.concurrency_source).toBe("given");
    expect(given.p95_latency_ms).toBe(p.p95_latency_ms);
    expect(renderPrediction(p, { color: false, columns: 200 })).toContain(`${backend}'s default (${b.setting} ${b.default}`);
  });

  it("Ollama serves one request at a time (OLLAMA_NUM_PARALLEL 1), vLLM 256 on a 24 GB card, cut to what the KV cache holds", () => {
    expect(planner.predict(unasked("ollama", "Q4_K_M"))).toMatchObject({ concurrency: 1, backend_concurrency: { setting: "OLLAMA_NUM_PARALLEL", default: 1 } });
    const vllm = planner.predict(unasked("vllm", "FP16"));
    expect(vllm.backend_concurrency).toMatchObject({ setting: "max_num_seqs", default: 256 });
    expect(vllm.concurrency).toBeLessThan(256);
    expect(vllm.concurrency).toBe(vllm.backend_concurrency!.kv_cache_limit);
  });

  it("the reference has no backend scheduler: its one agent, said as the laws' default", async () => {
    const tr133 = await plannerOf("tr133");
    const p = tr133.predict({ model: "llama3.2-3b", quant: "Q4_K_M", backend: "ollama" });
    expect(p).toMatchObject({ concurrency_source: "default", backend_concurrency: null });
  });
});
