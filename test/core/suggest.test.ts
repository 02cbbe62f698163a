import { beforeAll, describe, expect, it } from "vitest";
import { priced } from "../../src/core/hardware/gpu.js";
import { lookupGpu } from "../../src/core/hardware/gpu-lookup.js";
import { search } from "../../src/core/search/search.js";
import { suggest } from "../../src/core/search/suggest.js";
import type { Suggestion } from "../../src/core/planner/results.js";
import type { Catalog, Scenario } from "../../src/core/catalog/types.js";
import { defaultCatalog, gpu, request, tr133Catalog } from "../helpers/catalog.js";
import { GOLDEN_RUNS, requestFromArgs } from "../helpers/golden-runs.js";

/** The request a suggestion describes: the original with one field changed. */
function applied(catalog: Catalog, base: Scenario, s: Suggestion): Scenario {
  if (s.field === "hardware") return { ...base, gpu: gpu(catalog, String(s.value)) };
  if (s.field === "tensorParallel") return { ...base, tensorParallel: s.value === "auto" ? "auto" : Number(s.value) };
  return { ...base, [s.field]: Number(s.value) };
}

/** The same field moved one step past the suggestion, the way that should no longer admit anything. */
function tighter(base: Scenario, s: Suggestion): Scenario | undefined {
  const v = Number(s.value);
  switch (s.field) {
    case "budgetUsdPerMonth":
      return { ...base, budgetUsdPerMonth: Number((v - 0.01).toFixed(2)) };
    case "latencySloMs":
      return v > 1 ? { ...base, latencySloMs: v - 1 } : undefined;
    case "qualityTarget":
      return v + 0.001 <= 1 ? { ...base, qualityTarget: v + 0.001 } : undefined;
    case "requestRate": {
      const step = 10 ** (Math.floor(Math.log10(v)) - 2);
      return v + step < base.requestRate ? { ...base, requestRate: v + step } : undefined;
    }
    case "contextLength":
      return v + 1 < base.contextLength ? { ...base, contextLength: v + 1 } : undefined;
    case "maxGpus":
      return v - 1 > (base.maxGpus ?? 16) ? { ...base, maxGpus: v - 1 } : undefined;
    case "tensorParallel":
    case "hardware":
      return undefined;
  }
}

/** Recorded no-fit runs of the reference: plenty of different reasons for nothing to fit. Runs on a GPU
 *  this catalog has no price for cannot be planned without --gpu-price, so they are left out. */
function noFitRequests(catalog: Catalog): Scenario[] {
  return GOLDEN_RUNS.filter((r) => r.expected.length === 0)
    .filter((r) => {
      const found = lookupGpu(catalog.gpus, r.args[r.args.indexOf("--hardware") + 1]!);
      return found.kind === "found" && priced(found.item) !== undefined;
    })
    .map((r) => requestFromArgs(catalog, r.args));
}

/** A no-fit request and the suggestions for it, worked out once for every test. */
interface Case {
  base: Scenario;
  suggestions: Suggestion[];
}

for (const [name, load] of [["TR133", tr133Catalog], ["default", defaultCatalog]] as const) {
  describe(`suggestions with the ${name} coefficients`, () => {
    let catalog: Catalog;
    let cases: Case[];
    let all: { base: Scenario; s: Suggestion }[];
    beforeAll(async () => {
      catalog = await load();
      cases = noFitRequests(catalog)
        .filter((r) => search(catalog, r, 1).candidates.length === 0)
        .map((base) => ({ base, suggestions: suggest(catalog, base, true) }));
      all = cases.flatMap(({ base, suggestions }) => suggestions.map((s) => ({ base, s })));
      // The physics weighs every deployment of every configuration for each suggestion: seconds, not milliseconds.
    }, 60_000);

    it("has many no-fit cases, and suggestions for them, to check", () => {
      expect(cases.length).toBeGreaterThan(30);
      expect(all.length).toBeGreaterThan(30);
    });

    it("re-runs every suggestion as a plan whose recommendation is the configuration it names", () => {
      for (const { base, s } of all) {
        const top = search(catalog, applied(catalog, base, s), 1).candidates[0];
        expect(top, `${s.field} ${s.value}`).toBeDefined();
        expect({ model: top!.model.name, quant: top!.quant.name, backend: top!.backend, replicas: top!.sizing.replicas }).toEqual({
          model: s.admits.model,
          quant: s.admits.quant,
          backend: s.admits.backend,
          replicas: s.admits.replicas,
        });
      }
    });

    it("suggests the least change: one step further admits nothing", () => {
      const checked = all.filter(({ base, s }) => {
        const further = tighter(base, s);
        if (further) expect(search(catalog, further, 1).candidates, `${s.field} ${s.value}`).toEqual([]);
        return further !== undefined;
      });
      expect(checked.length).toBeGreaterThan(20);
    });

    it("suggests only GPUs no cheaper GPU could replace", () => {
      const hardware = all.filter(({ s }) => s.field === "hardware");
      expect(hardware.length).toBeGreaterThan(0);
      for (const { base, s } of hardware) {
        const price = gpu(catalog, String(s.value)).usd_per_hour;
        for (const g of catalog.gpus) {
          const cheaper = priced(g);
          if (!cheaper || cheaper.usd_per_hour >= price) continue;
          expect(search(catalog, { ...base, gpu: cheaper }, 1).candidates, g.name).toEqual([]);
        }
      }
    });

    it("relaxes: budget and rate go down, SLO and quality up only as needed, never past the request", () => {
      const relaxed = all.filter(({ s }) => s.field !== "hardware");
      expect(relaxed.length).toBeGreaterThan(20);
      for (const { base, s } of relaxed) {
        const v = Number(s.value);
        if (s.field === "budgetUsdPerMonth") expect(v).toBeGreaterThan(base.budgetUsdPerMonth);
        if (s.field === "latencySloMs") expect(v).toBeGreaterThan(base.latencySloMs);
        if (s.field === "qualityTarget") expect(v).toBeLessThan(base.qualityTarget);
        if (s.field === "requestRate") expect(v).toBeLessThan(base.requestRate);
        if (s.field === "contextLength") expect(v).toBeLessThan(base.contextLength);
        if (s.field === "maxGpus") expect(v).toBeGreaterThan(base.maxGpus ?? 16);
      }
    });
  });
}

describe("suggestions when a plan fits", () => {
  it("say how far each constraint can go", async () => {
    const catalog = await tr133Catalog();
    const base = request(catalog);
    const byField = Object.fromEntries(suggest(catalog, base, false).map((s) => [s.field, s]));
    // The cheapest survivor costs 0.035 × 24 × 30 = 25.200000000000003: 25.20 would not admit it, 25.21 does.
    expect(byField.budgetUsdPerMonth?.value).toBe(25.21);
    expect(byField.qualityTarget?.value).toBe(0.624);
    expect(Number(byField.contextLength?.value)).toBeGreaterThan(base.contextLength);
    expect(Number(byField.requestRate?.value)).toBeGreaterThan(base.requestRate);
  });
});
