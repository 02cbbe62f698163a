import { beforeAll, describe, expect, it } from "vitest";
import { busiestExperts, distinctExperts } from "../../src/core/laws/step.js";
import type { Planner } from "../../src/core/planner/planner.js";
import type { PredictRequest } from "../../src/core/planner/requests.js";
import { plannerOf } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";
import { thrown } from "../helpers/thrown.js";

let planner: Planner;
beforeAll(async () => {
  planner = await plannerOf("default");
});

/** Qwen3-235B-A22B (128 experts, 8 per token) in FP8 on four H100s, `concurrency` requests at once. */
const moe = (backend: string, concurrency: number, expertParallel?: boolean): PredictRequest => ({
  model: "qwen3-235b-a22b",
  quant: "FP8",
  backend,
  hardware: "H100 SXM",
  tensorParallel: 4,
  concurrency,
  promptTokens: 1000,
  outputTokens: 200,
  ...(expertParallel ? { expertParallel } : {}),
});

describe("the busiest GPU's experts", () => {
  it("is a tensor split's read on one GPU, at least it over several, and never more than the experts a GPU holds", () => {
    for (const tokens of [1, 4, 32, 256, 4096]) {
      expect(busiestExperts(128, 8, tokens, 1)).toBe(distinctExperts(128, 8, tokens));
      for (const owners of [2, 4, 8]) {
        const busiest = busiestExperts(128, 8, tokens, owners);
        expect(busiest).toBeGreaterThanOrEqual(distinctExperts(128, 8, tokens));
        expect(busiest).toBeLessThanOrEqual(128);
      }
    }
    // One token's 8 experts over 8 GPUs: the busiest holds about 2.4 of them, where a slice of each is 1 expert's worth.
    expect(busiestExperts(128, 8, 1, 8) / 8).toBeCloseTo(2.4, 1);
    // A batch that touches every expert touches every GPU's alike.
    expect(busiestExperts(128, 8, 4096, 8)).toBeCloseTo(128, 6);
  });

  it("grows with the tokens of a step, as the experts they touch do", () => {
    let last = 0;
    for (const tokens of [1, 2, 4, 8, 16, 64, 256, 1024]) {
      const busiest = busiestExperts(256, 8, tokens, 8);
      expect(busiest).toBeGreaterThanOrEqual(last);
      last = busiest;
    }
  });
});

describe("predict with expert parallelism", () => {
  it.each(["vllm", "sglang", "tensorrt-llm"])("%s: the same memory per GPU, slower at one request (the busiest GPU's experts), the same at a full batch", (backend) => {
    const one = planner.predict(moe(backend, 1));
    const oneEp = planner.predict(moe(backend, 1, true));
    expect(one.expert_parallel).toBe(1);
    expect(oneEp.expert_parallel).toBe(4);
    expect(oneEp.tensor_parallel).toBe(4);
    expect(oneEp.vram_gb).toBe(one.vram_gb);
    expect(oneEp.kv_capacity_tokens).toBe(one.kv_capacity_tokens);
    expect(oneEp.tpot_ms).toBeGreaterThan(one.tpot_ms);
    const full = planner.predict(moe(backend, 512));
    const fullEp = planner.predict(moe(backend, 512, true));
    expect(Math.abs(fullEp.total_throughput_tps / full.total_throughput_tps - 1)).toBeLessThan(0.01);
  });

  it("refuses a dense model, one GPU, and a backend that does not run it, naming the field", () => {
    const dense = thrown(() => planner.predict({ ...moe("vllm", 4, true), model: "qwen3-32b" }));
    expect(dense).toMatchObject({ code: "invalid_field", field: "expertParallel" });
    expect(dense.message).toContain("qwen3-32b is dense");
    const single = thrown(() => planner.predict({ ...moe("vllm", 4, true), model: "qwen3-30b-a3b", tensorParallel: 1 }));
    expect(single).toMatchObject({ code: "invalid_field", field: "expertParallel" });
    const unserved = thrown(() => planner.predict({ ...moe("tgi", 4, true), quant: "FP16" }));
    expect(unserved).toMatchObject({ code: "not_served", field: "expertParallel" });
    expect(unserved.message).toContain("tgi does not run expert parallelism; it runs on: ");
  });
});

describe("plan with expert parallelism", () => {
  it("weighs only the backends that run it, spreads a mixture's experts over each replica's GPUs, and says so in the scope", () => {
    const result = planner.plan({ model: ["qwen3-235b-a22b", "qwen3-32b"], hardware: "H100 SXM", requestRate: 2, promptTokens: 1000, outputTokens: 200, latencySloMs: 60_000, expertParallel: true, limit: "all" });
    expect(result.scope.expert_parallel).toBe(true);
    expect(result.candidates.length).toBeGreaterThan(0);
    const runs = new Set(Object.entries(planner.catalog.backendFacts.backends).filter(([, f]) => f.expert_parallel.supported).map(([name]) => name));
    for (const c of result.candidates) {
      expect(runs.has(c.backend)).toBe(true);
      // A dense model is split as before; a mixture over several GPUs spreads its experts over all of them.
      const spread = c.model === "qwen3-235b-a22b" && c.gpus_per_replica > 1;
      expect(c.expert_parallel).toBe(spread ? c.gpus_per_replica : 1);
    }
    expect(result.candidates.some((c) => c.expert_parallel > 1)).toBe(true);
    expect(planner.plan({ model: "qwen3-235b-a22b", hardware: "H100 SXM", requestRate: 2 }).scope.expert_parallel).toBe(false);
  });

  it.each([
    ["vllm", ["--tensor-parallel-size", "4", "--enable-expert-parallel"]],
    ["sglang", ["--tensor-parallel-size", "4", "--expert-parallel-size", "4"]],
    ["tensorrt-llm", ["--tp_size", "4", "--ep_size", "4"]],
  ])("%s's command carries it", (backend, flags) => {
    const result = planner.plan({ model: "qwen3-235b-a22b", quant: "FP8", backend, hardware: "H100 SXM", requestRate: 1, tensorParallel: 4, expertParallel: true, latencySloMs: 60_000 });
    const candidate = result.candidates[0]!;
    expect(candidate.expert_parallel).toBe(4);
    const server = planner.launch(candidate, { scope: result.scope }).commands.find((c) => c.role === "server")!;
    const at = server.argv.indexOf(flags[0]!);
    expect(server.argv.slice(at, at + flags.length)).toEqual(flags);
  });
});

describe("--ep", () => {
  it("prints the spread in the prediction, and refuses a dense model in one line naming --ep, exit 2", async () => {
    const args = ["predict", "--model", "qwen3-235b-a22b", "--quant", "FP8", "--backend", "vllm", "--hardware", "H100 SXM", "--tp", "4", "--concurrency", "8"];
    const ok = await runInProcess([...args, "--ep"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("(4 GPUs each, experts spread over them)");
    const json = await runInProcess([...args, "--ep", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ expert_parallel: 4, tensor_parallel: 4 });
    const bad = await runInProcess(["predict", "--model", "qwen3-32b", "--quant", "FP8", "--backend", "vllm", "--hardware", "H100 SXM", "--tp", "4", "--ep"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("option '--ep': qwen3-32b is dense");
  });
});
