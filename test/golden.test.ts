import { beforeAll, describe, expect, it } from "vitest";
import { createPlanner, type Planner } from "../src/core/planner/planner.js";
import type { Candidate } from "../src/core/planner/results.js";
import { warningText } from "../src/render/words.js";
import { tr133Catalog } from "./helpers/catalog.js";
import { GOLDEN_RUNS, planRequestFromArgs, type ReferenceCandidate } from "./helpers/golden-runs.js";

const runs = GOLDEN_RUNS;

/** The reference's fields, as it printed them. */
const REFERENCE_FIELDS = [
  "model", "quant", "backend", "n_agents", "vram_gb", "quality", "quality_tier", "throughput_tps",
  "total_throughput_tps", "eta", "p95_latency_ms", "utilisation", "monthly_cost", "cost_per_1m_tok",
] as const;

/** The warnings the reference had. */
const REFERENCE_WARNINGS = new Set(["saturated", "quality_concerning", "many_gpus", "vram_headroom"]);

let planner: Planner;
beforeAll(async () => {
  planner = createPlanner(await tr133Catalog());
});

/** A candidate in the reference's fields, its warnings in the reference's words (warnings it did not have are additions). */
function asReference(c: Candidate | ReferenceCandidate) {
  const fields = Object.fromEntries(REFERENCE_FIELDS.map((f) => [f, c[f]]));
  const warnings = c.warnings.flatMap((w) => (typeof w === "string" ? [w] : REFERENCE_WARNINGS.has(w.code) ? [warningText(w)] : []));
  return { ...fields, warnings };
}

describe("the 120 reference runs, with the TR133 coefficients", () => {
  it("has all 120 runs, with and without survivors", () => {
    expect(runs).toHaveLength(120);
    expect(runs.filter((r) => r.expected.length === 0).length).toBeGreaterThan(10);
  });

  it.each(runs.map((run, i) => [i, run] as const))("run %i matches number for number, in rank order", (_, run) => {
    const result = planner.plan(planRequestFromArgs(run.args));
    expect(result.candidates.map(asReference)).toEqual(run.expected.map(asReference));
  });
});
