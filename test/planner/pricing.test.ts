import { beforeAll, describe, expect, it } from "vitest";
import type { Gpu } from "../../src/core/catalog/types.js";
import { LIGHT_LOAD_POWER_FRACTION } from "../../src/core/hardware/energy.js";
import { amortisedUsdPerHour } from "../../src/core/hardware/pricing.js";
import type { Planner } from "../../src/core/planner/planner.js";
import type { Candidate } from "../../src/core/planner/results.js";
import { plannerOf } from "../helpers/catalog.js";

let physics: Planner;
let reference: Planner;
beforeAll(async () => {
  [physics, reference] = await Promise.all([plannerOf("default"), plannerOf("tr133")]);
});

/** A GPU of the database by exact name. */
function gpu(planner: Planner, name: string): Gpu {
  const found = planner.catalog.gpus.find((g) => g.name === name);
  if (!found) throw new Error(`no GPU ${name}`);
  return found;
}

/** The first sourced price of `basis`, the main one first. */
function first(g: Gpu, basis: string): number {
  const price = g.prices?.find((p) => p.basis === basis);
  if (!price) throw new Error(`${g.name} has no ${basis} price`);
  return price.usd_per_hour;
}

const PREDICT = { model: "llama3.2-1b", quant: "FP16", backend: "vllm", requestRate: 1 } as const;

describe("a question on one GPU never needs a price", () => {
  it("predicts on a GPU with no sourced price: every figure but the costs, which are null, and the scope says so", () => {
    const p = physics.predict({ ...PREDICT, hardware: "RTX 4060 8GB" });
    expect(gpu(physics, "RTX 4060 8GB").price).toBeUndefined();
    expect(p).toMatchObject({ monthly_cost: null, cost_per_1m_tok: null, provenance: { cost: { source: "unknown" } } });
    expect(p.total_throughput_tps).toBeGreaterThan(0);
    expect(p.scope.hardware).toEqual([expect.objectContaining({ name: "RTX 4060 8GB", usd_per_hour: null, price_basis: null })]);
    expect(p.gates.map((g) => g.gate)).not.toContain("budget");
  });

  it("cannot meet a budget it was asked for without a price", () => {
    const p = physics.predict({ ...PREDICT, hardware: "RTX 4060 8GB", budgetUsdPerMonth: 1e6 });
    expect(p.gates.find((g) => g.gate === "budget")).toEqual({ gate: "budget", passed: false, limit: 1e6, unit: "$/month", prediction: "unknown" });
    expect(p.passes_all_gates).toBe(false);
  });

  it("plans one GPU with no price: ranked by GPUs billed, then the plan's quality scale, with no cost, and no budget suggestion", () => {
    // (the simulator's check left out: it would rank a candidate it finds missing an SLO last)
    const result = physics.plan({ modelSize: "3b", hardware: "RTX 4060 8GB", requestRate: 4, limit: 30, simulateTop: 0 });
    const c = result.candidates;
    expect(c.length).toBeGreaterThan(5);
    for (const x of c) expect(x).toMatchObject({ monthly_cost: null, cost_per_1m_tok: null });
    // Some 3B-class configurations lack a TR124/TR125 score, so the plan ranks on precision (bits per weight).
    expect(result.scope.quality_ranking).toBe("precision");
    const bits = (x: Candidate) => physics.catalog.quants.find((q) => q.name === x.quant)!.bits_per_weight;
    for (let i = 1; i < c.length; i++) {
      const [a, b] = [c[i - 1]!, c[i]!];
      expect(a.gpus_billed < b.gpus_billed || (a.gpus_billed === b.gpus_billed && bits(a) >= bits(b)), `${i}`).toBe(true);
    }
    expect(new Set(c.map((x) => x.gpus_billed)).size).toBeGreaterThan(1);
    expect(result.scope.budget_usd_per_month).toBeNull();

    const capped = physics.plan({ modelSize: "3b", hardware: "RTX 4060 8GB", budgetUsdPerMonth: 1e6 });
    expect(capped.candidates).toEqual([]);
    expect(capped.rejected_by_gate.budget).toBeGreaterThan(0);
    expect(capped.suggestions?.map((s) => s.field)).not.toContain("budgetUsdPerMonth");
  });

  it("plans a GPU given by its figures alone, without a price", () => {
    const p = physics.predict({ ...PREDICT, gpu: { memoryGb: 24, bandwidthGbps: 900 } });
    expect(p).toMatchObject({ monthly_cost: null, scope: { hardware: [{ usd_per_hour: null, price_basis: null }] } });
    const priced = physics.predict({ ...PREDICT, gpu: { memoryGb: 24, bandwidthGbps: 900, usdPerHour: 0.5 } });
    expect(priced).toMatchObject({ monthly_cost: 360, scope: { hardware: [{ usd_per_hour: 0.5, price_basis: "given" }] } });
  });

  it("takes one GPU's price on the basis asked for, else its main price, and says which", () => {
    const l4 = gpu(physics, "L4 24GB");
    expect(l4.price?.basis).not.toBe("on_demand");
    expect(physics.predict({ ...PREDICT, hardware: "L4" }).scope.hardware[0]).toMatchObject({ usd_per_hour: first(l4, "on_demand"), price_basis: "on_demand" });
    expect(physics.predict({ ...PREDICT, hardware: "L4", priceBasis: "any" }).scope.hardware[0]).toMatchObject({ usd_per_hour: l4.price!.usd_per_hour, price_basis: l4.price!.basis });
    const laptop = gpu(physics, "RTX 4080 Laptop 12GB");
    expect(laptop.prices?.some((p) => p.basis === "marketplace")).toBe(false);
    expect(physics.predict({ ...PREDICT, priceBasis: "marketplace" }).scope.hardware[0]).toMatchObject({ name: laptop.name, price_basis: laptop.price!.basis });
  });
});

describe("one price basis across GPUs", () => {
  const GPUS = ["RTX 4090 24GB", "L4 24GB", "RTX 3060 12GB", "RTX 4060 8GB"];

  it("ranks on demand by default: each GPU at its first on-demand price, the others left out and named", () => {
    const result = physics.plan({ modelSize: "3b", hardware: GPUS });
    expect(result.scope.price_basis).toBe("on-demand");
    expect(result.scope.defaults).toContain("priceBasis");
    expect(result.notices).toContainEqual({ code: "unpriced_gpus", basis: "on-demand", gpus: ["RTX 3060 12GB", "RTX 4060 8GB"] });
    expect(result.scope.hardware.map((g) => [g.name, g.usd_per_hour, g.price_basis])).toEqual([
      ["RTX 4090 24GB", first(gpu(physics, "RTX 4090 24GB"), "on_demand"), "on_demand"],
      ["L4 24GB", first(gpu(physics, "L4 24GB"), "on_demand"), "on_demand"],
    ]);
    for (const p of result.per_gpu!) expect(p.price_basis).toBe("on_demand");
  });

  it("ranks marketplace prices alone when asked", () => {
    const result = physics.plan({ modelSize: "3b", hardware: GPUS, priceBasis: "marketplace" });
    expect(result.scope.hardware.every((g) => g.price_basis === "marketplace")).toBe(true);
    expect(result.scope.hardware.find((g) => g.name === "RTX 3060 12GB")?.usd_per_hour).toBe(first(gpu(physics, "RTX 3060 12GB"), "marketplace"));
    expect(result.notices).toContainEqual({ code: "unpriced_gpus", basis: "marketplace", gpus: ["RTX 4060 8GB"] });
  });

  it("takes each GPU's main price with any, and the scope says each one's basis", () => {
    const result = physics.plan({ modelSize: "3b", hardware: GPUS, priceBasis: "any" });
    const bases = new Set(result.scope.hardware.map((g) => g.price_basis));
    expect(bases.size).toBeGreaterThan(1);
    for (const g of result.scope.hardware) expect(g.usd_per_hour).toBe(gpu(physics, g.name).price!.usd_per_hour);
  });

  it("refuses a plan over GPUs none of which has a price on the basis", () => {
    expect(() => physics.plan({ hardware: ["RTX 4060 8GB", "RTX 4060 Ti 8GB"] })).toThrow(/names no GPU with a price on the on-demand basis/);
  });

  it("leaves the reference's world on its own prices: every GPU, at its one price", () => {
    const result = reference.plan({ hardware: "all", modelSize: "1b" });
    expect(result.scope.price_basis).toBe("any");
    expect(result.notices.filter((n) => n.code === "unpriced_gpus")).toEqual([]);
    expect(result.scope.hardware.every((g) => g.price_basis === "tr133_appendix_b")).toBe(true);
  });
});

describe("owned hardware", () => {
  it("is priced from its purchase over the years asked for (default 3), said in the scope", () => {
    const g = gpu(physics, "RTX 4090 24GB");
    const usd = g.purchase!.usd;
    const p = physics.predict({ ...PREDICT, hardware: g.name, priceBasis: "owned" });
    expect(p.scope).toMatchObject({ price_basis: "owned", owned_years: 3, electricity_usd_per_kwh: null });
    expect(p.scope.defaults).toContain("ownedYears");
    expect(p.scope.hardware[0]).toMatchObject({ price_basis: "owned" });
    expect(p.monthly_cost).toBeCloseTo((usd / 36) * p.gpus_billed, 2);
    expect(amortisedUsdPerHour(usd, 3) * 24 * 30 * 12 * 3).toBeCloseTo(usd, 9);
    const five = physics.predict({ ...PREDICT, hardware: g.name, priceBasis: "owned", ownedYears: 5 });
    expect(five.monthly_cost).toBeCloseTo((usd / 60) * five.gpus_billed, 2);
    expect(five.scope).toMatchObject({ owned_years: 5 });
    expect(five.scope.defaults).not.toContain("ownedYears");
  });

  it("adds the energy its GPUs draw at the predicted utilisation when a rate is given, into the cost and the budget", () => {
    const g = gpu(physics, "RTX 4090 24GB");
    const rate = 0.2;
    const p = physics.predict({ ...PREDICT, hardware: g.name, priceBasis: "owned", electricityUsdPerKwh: rate, replicas: 2 });
    const watts = g.boardPowerW! * (LIGHT_LOAD_POWER_FRACTION + (1 - LIGHT_LOAD_POWER_FRACTION) * p.utilisation);
    expect(p.energy_kwh_per_month).toBeCloseTo((watts * 2 * 720) / 1000, 0);
    expect(p.energy_usd_per_month).toBeCloseTo(p.energy_kwh_per_month! * rate, 1);
    expect(p.monthly_cost).toBeCloseTo((g.purchase!.usd / 36) * 2 + p.energy_usd_per_month!, 1);
    expect(p.provenance.energy.source).toBe("estimated");
    const without = physics.predict({ ...PREDICT, hardware: g.name, priceBasis: "owned", replicas: 2 });
    expect(p.cost_per_1m_tok!).toBeGreaterThan(without.cost_per_1m_tok!);
    // A budget between the purchase alone and purchase plus energy is met without the rate, not with it.
    const budget = (without.monthly_cost! + p.monthly_cost!) / 2;
    const plan = (electricityUsdPerKwh?: number) =>
      physics.plan({ model: "llama3.2-1b", quant: "FP16", backend: "vllm", hardware: g.name, priceBasis: "owned", budgetUsdPerMonth: budget, ...(electricityUsdPerKwh ? { electricityUsdPerKwh } : {}) });
    expect(plan().candidates.length).toBeGreaterThan(0);
    for (const c of plan(rate).candidates) expect(c.monthly_cost!).toBeLessThanOrEqual(budget);
  });

  it("counts energy but bills none on a cloud price; names the owned GPUs whose board power is unknown", () => {
    const cloud = physics.predict({ ...PREDICT, hardware: "RTX 4090 24GB", electricityUsdPerKwh: 0.2 });
    expect(cloud.scope.hardware[0]!.price_basis).toBe("on_demand");
    expect(cloud.energy_kwh_per_month).toBeGreaterThan(0);
    expect(cloud.energy_usd_per_month).toBeNull();
    const apple = gpu(physics, "Apple M1");
    expect(apple.purchase).toBeDefined();
    expect(apple.boardPowerW).toBeUndefined();
    const workload = { model: "llama3.2-1b", requestRate: 0.05, latencySloMs: 60000 } as const;
    const result = physics.plan({ ...workload, hardware: ["Apple M1", "RTX 4090 24GB"], priceBasis: "owned", electricityUsdPerKwh: 0.2 });
    expect(result.notices).toContainEqual({ code: "energy_unknown", gpus: ["Apple M1"] });
    expect(result.per_gpu?.find((p) => p.gpu === "Apple M1")?.best).toMatchObject({ energy_kwh_per_month: null, energy_usd_per_month: null });
    expect(result.per_gpu?.find((p) => p.gpu === "RTX 4090 24GB")?.best?.energy_usd_per_month).toBeGreaterThan(0);
  });
});
