import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { WORKLOADS } from "../../src/core/kinds.js";
import type { Planner } from "../../src/core/planner/planner.js";
import { DATA_DIR, plannerOf } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

/** The presets as data/workloads.json holds them. */
const PRESETS = (JSON.parse(readFileSync(join(DATA_DIR, "workloads.json"), "utf8")) as { presets: Record<string, { prompt_tokens: number; output_tokens: number }> }).presets;

const ONE = { model: "llama3.2-1b", hardware: "A100 80GB SXM", limit: 1 } as const;

describe("workload presets", () => {
  it.each(WORKLOADS)("%s sets the prompt and output of its trace, and the context to hold both", (workload) => {
    const { scope } = physics.plan({ ...ONE, workload, contextLength: undefined });
    const preset = PRESETS[workload]!;
    expect(scope).toMatchObject({
      prompt_tokens: preset.prompt_tokens,
      output_tokens: preset.output_tokens,
      context_length: preset.prompt_tokens + preset.output_tokens,
      prompt_source: "workload",
      workload: { preset: workload, set: ["prompt_tokens", "output_tokens"] },
    });
    expect(scope.defaults).not.toContain("workload");
  });

  it("chat is the physics' default, and the scope says so", () => {
    const { scope } = physics.plan(ONE);
    expect(scope).toMatchObject({ prompt_tokens: PRESETS.chat!.prompt_tokens, output_tokens: PRESETS.chat!.output_tokens, workload: { preset: "chat", statistic: "median" } });
    expect(scope.defaults).toEqual(expect.arrayContaining(["workload", "promptTokens", "outputTokens"]));
  });

  it("gives way to the fields a request gives", () => {
    const prompt = physics.plan({ ...ONE, workload: "code", promptTokens: 500 }).scope;
    expect(prompt).toMatchObject({ prompt_tokens: 500, output_tokens: PRESETS.code!.output_tokens, prompt_source: "given", workload: { preset: "code", set: ["output_tokens"] } });
    const both = physics.plan({ ...ONE, promptTokens: 500, outputTokens: 50 }).scope;
    expect(both).toMatchObject({ prompt_tokens: 500, output_tokens: 50, context_length: 550, workload: null, prompt_source: "given" });
    const context = physics.plan({ ...ONE, workload: "rag", contextLength: 8192 }).scope;
    expect(context).toMatchObject({ prompt_tokens: PRESETS.rag!.prompt_tokens, output_tokens: PRESETS.rag!.output_tokens, context_length: 8192 });
  });

  it("is not applied by default to a request that gives only a context: the prompt fills it (the TR133 planner's meaning)", () => {
    const { scope } = physics.plan({ ...ONE, contextLength: 4096 });
    expect(scope).toMatchObject({ workload: null, prompt_source: "context", output_tokens: 128, prompt_tokens: 4096 - 128, context_length: 4096 });
  });

  it("is refused, naming --workload, when the tokens it sets do not fit the context given", () => {
    expect(() => physics.plan({ ...ONE, workload: "agent", contextLength: 32768 })).toThrow(
      expect.objectContaining({ code: "impossible_workload", field: "workload", value: "agent" }),
    );
  });

  it("leaves the TR133 reference's defaults alone (no prompt, 128 output tokens, a 2048-token context), unless asked", () => {
    const { scope } = reference.plan({});
    expect(scope).toMatchObject({ workload: null, output_tokens: 128, context_length: 2048, prompt_source: "context" });
    expect(reference.plan({ workload: "chat" }).scope).toMatchObject({ workload: { preset: "chat" }, context_length: PRESETS.chat!.prompt_tokens + PRESETS.chat!.output_tokens });
  });

  it("is the same in predict", () => {
    const p = physics.predict({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", workload: "summarize" });
    expect(p.scope).toMatchObject({ prompt_tokens: PRESETS.summarize!.prompt_tokens, output_tokens: PRESETS.summarize!.output_tokens, workload: { preset: "summarize" } });
  });
});

describe("the scope", () => {
  it("states the size class's range, and every model within it (both ends excluded)", () => {
    const { scope } = physics.plan({ modelSize: "8b", hardware: "A100 80GB SXM", limit: 1 });
    expect(scope.size_range_b).toEqual([4, 12]);
    const within = physics.catalog.models.filter((m) => m.params_b > 4 && m.params_b < 12).map((m) => m.name);
    expect(within.length).toBeGreaterThan(2);
    expect(scope.models).toEqual(within);
    expect(physics.plan({ model: "llama3.2-1b", limit: 1 }).scope.size_range_b).toBeNull();
    expect(physics.plan({ modelSize: "all", hardware: "A100 80GB SXM", limit: 1 }).scope.size_range_b).toBeNull();
  });

  it("marks every default in the constraints table: size range, GPU and its price basis, workload, GPU cap", async () => {
    const { stdout, code } = await runInProcess(["plan", "--model-size", "8b", "--hardware", "L4"]);
    expect(code).toBe(0);
    const table = stdout.slice(0, stdout.indexOf("Recommendation"));
    const basis = physics.plan({ modelSize: "8b", hardware: "L4", limit: 1 }).scope.hardware[0]!.price_basis!.replaceAll("_", " ");
    for (const part of ["8b → 4–12B", `/h ${basis})`, "1 req/s (default)", "chat preset, the default", "median request", "16 billed (default)", "≥ 0.5 (default)", "bits per weight"]) {
      expect(table.replace(/[│\s]+/g, " ")).toContain(part);
    }
    const context = await runInProcess(["plan", "--context-length", "4096"]);
    expect(context.stdout.replace(/[│\s]+/g, " ")).toContain("the prompt is the context less the output");
  });
});
