import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { toCandidate, type Candidate } from "../src/core/candidate.js";
import { search } from "../src/core/search.js";
import { parseSizeClass } from "../src/core/size-class.js";
import type { Catalog, PlanRequest } from "../src/core/types.js";
import { gpu, tr133Catalog } from "./helpers/catalog.js";

/** The 120 recorded runs of the reference planner (a copy of ../shared/golden/tr133-phase1.jsonl). */
const runs = readFileSync(new URL("./fixtures/tr133-phase1.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { args: string[]; expected: Candidate[] });

/** The reference's fields, as it printed them. */
const REFERENCE_FIELDS = [
  "model", "quant", "backend", "n_agents", "vram_gb", "quality", "quality_tier", "throughput_tps",
  "total_throughput_tps", "eta", "p95_latency_ms", "utilisation", "monthly_cost", "cost_per_1m_tok", "warnings",
] as const;

function requestFrom(catalog: Catalog, args: string[]): PlanRequest {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0 || args[i + 1] === undefined) throw new Error(`run lacks ${name}`);
    return args[i + 1]!;
  };
  return {
    sizeClass: parseSizeClass(flag("--model-size"))!,
    requestRate: Number(flag("--request-rate")),
    latencySloMs: Number(flag("--latency-slo")),
    qualityTarget: Number(flag("--quality-target")),
    budget: Number(flag("--budget")),
    gpu: gpu(catalog, flag("--hardware")),
    contextLength: Number(flag("--context-length")),
    avgTokens: Number(flag("--avg-tokens")),
  };
}

/** The warnings the reference had. */
const REFERENCE_WARNINGS = ["saturated", "quality_concerning", "many_instances", "vram_headroom"];

let catalog: Catalog;
beforeAll(async () => {
  catalog = await tr133Catalog();
});

describe("the 120 reference runs, with the TR133 coefficients", () => {
  it("has all 120 runs, with and without survivors", () => {
    expect(runs).toHaveLength(120);
    expect(runs.filter((r) => r.expected.length === 0).length).toBeGreaterThan(10);
  });

  it.each(runs.map((run, i) => [i, run] as const))("run %i matches number for number, in rank order", (_, run) => {
    const request = requestFrom(catalog, run.args);
    const actual = search(catalog, request).candidates.map((e) => toCandidate(e, request.gpu.name));
    const pick = (c: Candidate) => Object.fromEntries(REFERENCE_FIELDS.map((f) => [f, c[f]]));
    // Warnings the reference did not have (quality_unknown) are additions, not differences.
    const referenceWarnings = (c: Candidate) => ({
      ...c,
      warnings: c.warnings.filter((_, i) => REFERENCE_WARNINGS.includes(c.warning_codes[i] ?? "")),
    });
    expect(actual.map(referenceWarnings).map(pick)).toEqual(run.expected.map(pick));
  });
});
