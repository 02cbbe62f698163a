import { beforeAll, describe, expect, it } from "vitest";
import { priced } from "../../src/core/hardware/gpu.js";
import { lookupGpu } from "../../src/core/hardware/gpu-lookup.js";
import { search } from "../../src/core/search/search.js";
import { suggest, type Suggestion } from "../../src/core/search/suggest.js";
import type { Catalog, Scenario } from "../../src/core/catalog/types.js";
import { defaultCatalog, gpu, request, tr133Catalog } from "../helpers/catalog.js";
import { GOLDEN_RUNS, requestFromArgs } from "../helpers/golden-runs.js";

/** The request a suggestion describes: the original with one flag changed. */
function applied(catalog: Catalog, base: Scenario, s: Suggestion): Scenario {
  switch (s.flag) {
    case "--budget":
      return { ...base, budgetUsdPerMonth: Number(s.value) };
    case "--latency-slo":
      return { ...base, latencySloMs: Number(s.value) };
    case "--quality-target":
      return { ...base, qualityTarget: Number(s.value) };
    case "--request-rate":
      return { ...base, requestRate: Number(s.value) };
    case "--context-length":
      return { ...base, contextLength: Number(s.value) };
    case "--hardware":
      return { ...base, gpu: gpu(catalog, String(s.value)) };
  }
}

/** The same flag moved one step past the suggestion, the way that should no longer admit anything. */
function tighter(base: Scenario, s: Suggestion): Scenario | undefined {
  const v = Number(s.value);
  switch (s.flag) {
    case "--budget":
      return { ...base, budgetUsdPerMonth: Number((v - 0.01).toFixed(2)) };
    case "--latency-slo":
      return v > 1 ? { ...base, latencySloMs: v - 1 } : undefined;
    case "--quality-target":
      return v + 0.001 <= 1 ? { ...base, qualityTarget: v + 0.001 } : undefined;
    case "--request-rate": {
      const step = 10 ** (Math.floor(Math.log10(v)) - 2);
      return v + step < base.requestRate ? { ...base, requestRate: v + step } : undefined;
    }
    case "--context-length":
      return v + 1 < base.contextLength ? { ...base, contextLength: v + 1 } : undefined;
    case "--hardware":
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

for (const [name, load] of [["TR133", tr133Catalog], ["default", defaultCatalog]] as const) {
  describe(`suggestions with the ${name} coefficients`, () => {
    let catalog: Catalog;
    let cases: Scenario[];
    beforeAll(async () => {
      catalog = await load();
      cases = noFitRequests(catalog).filter((r) => search(catalog, r).candidates.length === 0);
    });

    it("has many no-fit cases to check", () => {
      expect(cases.length).toBeGreaterThan(30);
    });

    it("re-runs every suggestion as a plan whose recommendation is the configuration it names", () => {
      let checked = 0;
      for (const base of cases) {
        for (const s of suggest(catalog, base, true)) {
          const top = search(catalog, applied(catalog, base, s)).candidates[0];
          expect(top, `${s.flag} ${s.value}`).toBeDefined();
          expect({ model: top!.model.name, quant: top!.quant.name, backend: top!.backend, n_agents: top!.sizing.replicas }).toEqual({
            model: s.admits.model,
            quant: s.admits.quant,
            backend: s.admits.backend,
            n_agents: s.admits.n_agents,
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
    });

    it("suggests the least change: one step further admits nothing", () => {
      for (const base of cases) {
        for (const s of suggest(catalog, base, true)) {
          const further = tighter(base, s);
          if (further) expect(search(catalog, further).candidates, `${s.flag} ${s.value}`).toEqual([]);
        }
      }
    });

    it("suggests only GPUs no cheaper GPU could replace", () => {
      for (const base of cases) {
        const hw = suggest(catalog, base, true).find((s) => s.flag === "--hardware");
        if (!hw) continue;
        const price = gpu(catalog, String(hw.value)).usd_per_hour;
        for (const g of catalog.gpus) {
          const cheaper = priced(g);
          if (!cheaper || cheaper.usd_per_hour >= price) continue;
          expect(search(catalog, { ...base, gpu: cheaper }).candidates, g.name).toEqual([]);
        }
      }
    });

    it("relaxes: budget and rate go down, SLO and quality up only as needed, never past the request", () => {
      for (const base of cases) {
        for (const s of suggest(catalog, base, true)) {
          const v = Number(s.value);
          if (s.flag === "--budget") expect(v).toBeGreaterThan(base.budgetUsdPerMonth);
          if (s.flag === "--latency-slo") expect(v).toBeGreaterThan(base.latencySloMs);
          if (s.flag === "--quality-target") expect(v).toBeLessThan(base.qualityTarget);
          if (s.flag === "--request-rate") expect(v).toBeLessThan(base.requestRate);
          if (s.flag === "--context-length") expect(v).toBeLessThan(base.contextLength);
        }
      }
    });
  });
}

describe("suggestions when a plan fits", () => {
  it("say how far each constraint can go", async () => {
    const catalog = await tr133Catalog();
    const base = request(catalog);
    const byFlag = Object.fromEntries(suggest(catalog, base, false).map((s) => [s.flag, s]));
    // The cheapest survivor costs 0.035 × 24 × 30 = 25.200000000000003: 25.20 would not admit it, 25.21 does.
    expect(byFlag["--budget"]?.value).toBe(25.21);
    expect(byFlag["--quality-target"]?.value).toBe(0.624);
    expect(Number(byFlag["--context-length"]?.value)).toBeGreaterThan(base.contextLength);
    expect(Number(byFlag["--request-rate"]?.value)).toBeGreaterThan(base.requestRate);
  });
});
