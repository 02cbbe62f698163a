import { describe, expect, it } from "vitest";
import type { PlanResult, PredictResult } from "../../src/core/planner/results.js";
import { csvRecords } from "../helpers/parse-csv.js";
import { runInProcess } from "../helpers/run-cli.js";

/** Runs a command and returns stdout, expecting exit 0. */
async function stdoutOf(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runInProcess(args);
  expect(code, stderr).toBe(0);
  return stdout;
}

describe("--format csv", () => {
  it("plan: one row per candidate in rank order, the same figures as --json, flat columns", async () => {
    const args = ["plan", "--model", "llama3.1-8b", "--hardware", "RTX 4090 24GB", "--top", "3"];
    const plan = JSON.parse(await stdoutOf([...args, "--format", "json"])) as PlanResult;
    const rows = csvRecords(await stdoutOf([...args, "--format", "csv"]));
    expect(plan.candidates.length).toBeGreaterThan(1);
    expect(rows).toHaveLength(plan.candidates.length);
    plan.candidates.forEach((c, i) => {
      const row = rows[i]!;
      expect(row.rank).toBe(String(i + 1));
      expect([row.model, row.quant, row.backend, row.hardware]).toEqual([c.model, c.quant, c.backend, c.hardware]);
      expect(Number(row.monthly_cost)).toBe(c.monthly_cost);
      expect(Number(row["vram_breakdown.weights_gb"])).toBe(c.vram_breakdown.weights_gb);
      expect(row.warnings).toBe(c.warnings.map((w) => w.code).join(";"));
      expect(row.quality).toBe(c.quality === null ? "" : String(c.quality));
    });
  });

  it("predict: one row with every prediction and each gate's verdict by name", async () => {
    const args = ["predict", "--model", "llama3.2-1b", "--quant", "FP16", "--backend", "vllm", "--concurrency", "4"];
    const prediction = JSON.parse(await stdoutOf([...args, "--json"])) as PredictResult;
    const rows = csvRecords(await stdoutOf([...args, "--format", "csv"]));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(Number(row.total_throughput_tps)).toBe(prediction.total_throughput_tps);
    expect(row.passes_all_gates).toBe(String(prediction.passes_all_gates));
    const vram = prediction.gates.find((g) => g.gate === "vram")!;
    expect(row["gates.vram.passed"]).toBe(String(vram.passed));
    expect(Number(row["gates.vram.value"])).toBe(vram.value);
    expect(row["scope.hardware"]).toBe(prediction.scope.hardware.map((g) => g.name).join(";"));
  });

  it("list-hardware and list-models (and its formats): one row per entry", async () => {
    for (const command of [["list-hardware"], ["list-models"], ["list-models", "--formats"]]) {
      const entries = JSON.parse(await stdoutOf([...command, "--json"])) as { name: string }[];
      const rows = csvRecords(await stdoutOf([...command, "--format", "csv"]));
      expect(rows.map((r) => r.name), command.join(" ")).toEqual(entries.map((e) => e.name));
    }
    const gpus = csvRecords(await stdoutOf(["list-hardware", "--format", "csv"]));
    expect(Object.keys(gpus[0]!)).toEqual(expect.arrayContaining(["price.usd_per_hour", "price.basis", "interconnect.kind", "aliases"]));
  });

  it("--json is --format json; the two may not disagree; errors are JSON with --format json", async () => {
    expect(await stdoutOf(["list-models", "--format", "json"])).toBe(await stdoutOf(["list-models", "--json"]));
    const both = await runInProcess(["plan", "--json", "--format", "csv"]);
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stderr)).toMatchObject({ error: { code: "conflicting_fields" } });
    const bad = await runInProcess(["plan", "--hardware", "RTX 4091", "--format", "json"]);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: "unknown_name" } });
    const table = await runInProcess(["list-models", "--format", "xml"]);
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("Allowed choices are table, json, csv");
  });
});
