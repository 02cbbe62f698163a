import { beforeAll, describe, expect, it } from "vitest";
import { toCandidate, type Candidate } from "../src/core/search/candidate.js";
import { search } from "../src/core/search/search.js";
import type { Catalog } from "../src/core/catalog/types.js";
import { tr133Catalog } from "./helpers/catalog.js";
import { GOLDEN_RUNS, requestFromArgs } from "./helpers/golden-runs.js";

const runs = GOLDEN_RUNS;

/** The reference's fields, as it printed them. */
const REFERENCE_FIELDS = [
  "model", "quant", "backend", "n_agents", "vram_gb", "quality", "quality_tier", "throughput_tps",
  "total_throughput_tps", "eta", "p95_latency_ms", "utilisation", "monthly_cost", "cost_per_1m_tok", "warnings",
] as const;

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
    const request = requestFromArgs(catalog, run.args);
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
