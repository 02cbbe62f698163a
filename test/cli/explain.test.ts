import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/search/candidate.js";
import type { Rejection } from "../../src/core/search/rejection.js";
import type { Suggestion } from "../../src/core/search/suggest.js";
import { TR133_MODELS } from "../helpers/catalog.js";
import { runInProcess } from "../helpers/run-cli.js";

const NO_FIT = ["plan", "--model-size", "8b", "--hardware", "RTX 4060 8GB", "--budget", "30", "--models-path", TR133_MODELS];

describe("plan --explain", () => {
  it("--json --explain prints one object: candidates, rejected, suggestions", async () => {
    const { code, stdout } = await runInProcess(["plan", "--json", "--explain", "--models-path", TR133_MODELS]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { candidates: Candidate[]; rejected: Rejection[]; suggestions: Suggestion[] };
    expect(Object.keys(out)).toEqual(["candidates", "rejected", "suggestions"]);
    expect(out.candidates).toHaveLength(19);
    expect(out.candidates.length + out.rejected.length).toBe(84);
    for (const r of out.rejected) {
      expect(["vram", "quality", "capacity", "latency", "budget"]).toContain(r.gate);
      expect(r.reason.length).toBeGreaterThan(5);
    }
    expect(out.suggestions.map((s) => s.flag)).toContain("--budget");
  });

  it("plain --json stays the bare array", async () => {
    const { stdout } = await runInProcess(["plan", "--json", "--models-path", TR133_MODELS]);
    expect(Array.isArray(JSON.parse(stdout))).toBe(true);
  });

  it("names the gate, the prediction and the limit of each rejection", async () => {
    const { stdout } = await runInProcess(["plan", "--json", "--explain", "--model-size", "8b", "--models-path", TR133_MODELS]);
    const { rejected } = JSON.parse(stdout) as { rejected: Rejection[] };
    const fp16 = rejected.find((r) => r.quant === "FP16" && r.backend === "ollama");
    expect(fp16).toMatchObject({ gate: "vram", limit: 12, reason: "VRAM 17.82 GB > 12 GB" });
    expect(fp16!.value).toBeCloseTo(17.82, 2);
  });

  it("human: after the plan, every rejected configuration with why, and how far each constraint can go", async () => {
    const { stdout } = await runInProcess(["plan", "--explain", "--models-path", TR133_MODELS]);
    expect(stdout).toContain("Why the other 65 configurations lost");
    expect(stdout).toMatch(/p95 \d+ ms > 5000 ms SLO on \d GPUs?/);
    expect(stdout).toContain("How far each constraint can go");
    expect(stdout).toMatch(/--budget 25\.21 +→ llama3\.2-3b Q4_K_M ollama ×1/);
  });

  it("when nothing fits, always tallies the gates, names the last, and suggests the smallest changes", async () => {
    const { code, stdout } = await runInProcess(NO_FIT);
    expect(code).toBe(0);
    expect(stdout).toContain("No viable configuration: none of the 21 configurations passed all 5 gates.");
    expect(stdout).toContain("VRAM gate removed 6");
    expect(stdout).toContain("capacity gate removed 15");
    expect(stdout).toContain("The capacity gate removed the last of them.");
    expect(stdout).toContain("The smallest change that makes a plan fit");
    expect(stdout).toMatch(/--hardware "RTX 3080 10GB" +→ llama3\.1-8b Q3_K_S ollama ×1/);
  });

  it("--json without --explain prints [] when nothing fits", async () => {
    const { stdout } = await runInProcess([...NO_FIT, "--json"]);
    expect(stdout).toBe("[]\n");
  });
});

describe("provenance", () => {
  const plan = async (args: string[]) =>
    JSON.parse((await runInProcess(["plan", "--json", "--models-path", TR133_MODELS, ...args])).stdout) as Candidate[];

  it("marks a lookup row on the reference GPU measured, and on another GPU extrapolated with the factor", async () => {
    const onReference = (await plan(["--model-size", "1b", "--request-rate", "0.1"])).find((c) => c.quant === "FP16" && c.backend === "vllm");
    expect(onReference?.provenance.throughput).toMatchObject({ source: "measured", basis: "lookup", bandwidth_factor: 1, capped: false });
    const on4090 = (await plan(["--model-size", "1b", "--request-rate", "0.1", "--hardware", "RTX 4090 24GB"])).find(
      (c) => c.quant === "FP16" && c.backend === "vllm",
    );
    expect(on4090?.provenance.throughput).toMatchObject({ source: "extrapolated", basis: "lookup", bandwidth_factor: 1.8129 });
  });

  it("marks multipliers and power laws estimated, and derived VRAM and cost, estimated latency", async () => {
    const [top] = await plan([]);
    expect(top?.provenance).toMatchObject({
      throughput: { source: "estimated", basis: "quant_multiplier" },
      quality: { source: "measured" },
      scaling: { source: "measured" },
      vram: { source: "derived" },
      cost: { source: "derived" },
      latency: { source: "estimated" },
    });
  });

  it("marks quality unknown, and warns, where the gate decided on the 0.5 placeholder", async () => {
    const unknown = (await plan(["--model-size", "3b", "--quality-target", "0", "--request-rate", "0.1", "--latency-slo", "60000"])).find(
      (c) => c.model === "qwen2.5-3b",
    );
    expect(unknown?.provenance.quality.source).toBe("unknown");
    expect(unknown?.warning_codes).toContain("quality_unknown");
    expect(unknown?.warnings.length).toBe(unknown?.warning_codes.length);
  });

  it("rejects a context longer than the model was trained for (the TR133 file only warns), and suggests no longer context", async () => {
    const args = ["plan", "--json", "--model-size", "3b", "--context-length", "4096", "--latency-slo", "60000", "--budget", "1000", "--hardware", "RTX 4090 24GB"];
    const reference = (JSON.parse((await runInProcess([...args, "--models-path", TR133_MODELS])).stdout) as Candidate[]).find((c) => c.model === "phi-2");
    expect(reference?.warning_codes).toContain("context_beyond_window");
    const physics = JSON.parse((await runInProcess([...args, "--explain"])).stdout) as { candidates: Candidate[]; rejected: Rejection[] };
    expect(physics.candidates.map((c) => c.model)).not.toContain("phi-2");
    const phi = physics.rejected.filter((r) => r.model === "phi-2");
    expect(phi.length).toBeGreaterThan(0);
    for (const r of phi) expect(r).toMatchObject({ gate: "context", value: 4096, limit: 2048 });
    const { stdout } = await runInProcess(["plan", "--json", "--explain", "--model-size", "1b"]);
    const context = (JSON.parse(stdout) as { suggestions: Suggestion[] }).suggestions.find((s) => s.flag === "--context-length");
    expect(Number(context?.value)).toBeLessThanOrEqual(131072);
  });

  it("prints a source for every figure of the recommendation, with a legend", async () => {
    const { stdout } = await runInProcess(["plan", "--models-path", TR133_MODELS]);
    expect(stdout).toMatch(/throughput, one request\s+│ 182\.1 tok\/s \(quant multiplier\)\s+│ estimated/);
    expect(stdout).toContain("Sources:");
    expect(stdout).toContain("derived: arithmetic over the data");
  });
});
