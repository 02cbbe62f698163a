import { beforeAll, describe, expect, it } from "vitest";
import type { Catalog, Gpu, Price, Pricing } from "../../src/core/catalog/types.js";
import { hardwareEntries } from "../../src/core/catalog/hardware-entries.js";
import { energyPerMonth, LIGHT_LOAD_POWER_FRACTION, powerW } from "../../src/core/hardware/energy.js";
import { amortisedUsdPerHour, OWNED_YEARS, priceOn, UNPRICED_USD_PER_HOUR, weigh } from "../../src/core/hardware/pricing.js";
import { peakFlops } from "../../src/core/laws/prefill.js";
import { defaultCatalog, quant } from "../helpers/catalog.js";

/** A price on `basis`. */
const price = (usd: number, basis: Price["basis"]): Price => ({ usd_per_hour: usd, basis, source: "a test", date: "2026-01-01" });

/** A GPU with these prices (the first the main one) and, optionally, a purchase price. */
function card(prices: Price[], purchaseUsd?: number, boardPowerW?: number): Gpu {
  return {
    name: "Test GPU",
    aliases: [],
    platform: "nvidia",
    memory_gb: 24,
    vram_gb: 24,
    bandwidth_gbps: 1000,
    fp8: false,
    price: prices[0],
    prices,
    usd_per_hour: prices[0]?.usd_per_hour,
    ...(purchaseUsd !== undefined ? { purchase: { usd: purchaseUsd, source: "a test", date: null } } : {}),
    ...(boardPowerW !== undefined ? { boardPowerW } : {}),
  };
}

const pricing = (choice: Pricing["choice"], more: Partial<Pricing> = {}): Pricing => ({ choice, ownedYears: OWNED_YEARS, ...more });

describe("prices on a basis", () => {
  const g = card([price(0.8, "serverless"), price(0.5, "on_demand"), price(0.2, "marketplace"), price(0.4, "on_demand")], 2000);

  it("takes the first price of the basis, the main one first; any takes the main price", () => {
    expect(priceOn(g, "on-demand")).toEqual({ usdPerHour: 0.5, basis: "on_demand" });
    expect(priceOn(g, "marketplace")).toEqual({ usdPerHour: 0.2, basis: "marketplace" });
    expect(priceOn(g, "any")).toEqual({ usdPerHour: 0.8, basis: "serverless" });
    expect(priceOn(card([price(0.3, "on_demand"), price(0.1, "on_demand")]), "on-demand")?.usdPerHour).toBe(0.3);
    expect(priceOn(card([price(0.3, "marketplace")]), "on-demand")).toBeUndefined();
  });

  it("prices owned hardware from its purchase over its years (a month of 24 × 30 hours), else an owned price", () => {
    expect(priceOn(g, "owned")).toEqual({ usdPerHour: 2000 / (3 * 12 * 720), basis: "owned", ownedYears: 3 });
    expect(priceOn(g, "owned", 5)?.usdPerHour).toBeCloseTo(amortisedUsdPerHour(2000, 5), 12);
    expect(amortisedUsdPerHour(2000, 5) * 720).toBeCloseTo(2000 / 60, 9);
    expect(priceOn(card([price(0.035, "owned")]), "owned")).toEqual({ usdPerHour: 0.035, basis: "owned" });
    expect(priceOn(card([price(0.3, "on_demand")]), "owned")).toBeUndefined();
  });

  it("weighs one GPU at its main price when it has none on the basis, and at a stand-in when it has none at all", () => {
    expect(weigh(card([price(0.3, "marketplace")]), pricing("on-demand"), false)).toBeUndefined();
    expect(weigh(card([price(0.3, "marketplace")]), pricing("on-demand"), true)).toMatchObject({ gpu: { usd_per_hour: 0.3 }, billing: { basis: "marketplace" } });
    expect(weigh(card([]), pricing("on-demand"), true)).toMatchObject({ gpu: { usd_per_hour: UNPRICED_USD_PER_HOUR }, billing: { basis: null } });
    expect(weigh(card([]), pricing("on-demand", { override: 2 }), false)).toMatchObject({ gpu: { usd_per_hour: 2 }, billing: { basis: "given" } });
  });

  it("bills energy on an owned price, or one the request sets with the owned basis, only with a rate", () => {
    const owned = card([price(0.5, "on_demand")], 2000, 300);
    expect(weigh(owned, pricing("owned", { electricityUsdPerKwh: 0.1 }), true)?.billing.electricityUsdPerKwh).toBe(0.1);
    expect(weigh(owned, pricing("owned"), true)?.billing.electricityUsdPerKwh).toBeUndefined();
    expect(weigh(owned, pricing("on-demand", { electricityUsdPerKwh: 0.1 }), true)?.billing.electricityUsdPerKwh).toBeUndefined();
    expect(weigh(owned, pricing("owned", { electricityUsdPerKwh: 0.1, override: 1 }), true)?.billing).toMatchObject({ basis: "given", electricityUsdPerKwh: 0.1 });
    // An owned rate from the data is taken as it is (TR133's counts its electricity).
    expect(weigh(card([price(0.035, "owned")], undefined, 150), pricing("owned", { electricityUsdPerKwh: 0.1 }), true)?.billing).toEqual({
      basis: "owned",
      pricing: pricing("owned", { electricityUsdPerKwh: 0.1 }),
    });
  });
});

describe("energy", () => {
  it("draws the light-load share of board power at no load, the board power at full load, linear between", () => {
    expect(LIGHT_LOAD_POWER_FRACTION).toBeCloseTo(300 / 700, 12);
    expect(powerW(700, 0)).toBeCloseTo(300, 9);
    expect(powerW(700, 1)).toBe(700);
    expect(powerW(700, 0.5)).toBeCloseTo(500, 9);
    expect(powerW(700, 3)).toBe(700);
  });

  it("counts kWh over a month of 24 × 30 hours for every GPU, and prices them only with a rate", () => {
    expect(energyPerMonth({ boardPowerW: 700, utilisation: 1, gpus: 2 })).toEqual({ kwh: 1008, usd: null });
    expect(energyPerMonth({ boardPowerW: 700, utilisation: 1, gpus: 2, usdPerKwh: 0.25 }).usd).toBeCloseTo(252, 9);
  });
});

describe("the GPU database's FP8 and listed figures", () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await defaultCatalog();
  });

  it("runs FP8 prefill at a GPU's FP8 TFLOPS (FP32 accumulate) when known, else at twice its FP16", () => {
    const h100 = catalog.gpus.find((g) => g.name === "H100 SXM 80GB")!;
    const fp8 = quant(catalog, "FP8");
    // The prompt's arithmetic runs at the format's peak: its time is the reciprocal.
    const at = (gpu: Pick<Gpu, "fp16_tflops" | "fp16_acc_tflops" | "fp8" | "fp8Tflops">) => 1 / peakFlops(gpu, fp8)!;
    expect(h100.fp8Tflops).toBeGreaterThan(0);
    const base = { fp16_tflops: 100, fp8: true };
    expect(at({ ...base, fp8Tflops: 400 })).toBeCloseTo(at(base) / 2, 12);
    expect(at({ ...base, fp8Tflops: undefined })).toBeCloseTo(at({ ...base, fp8Tflops: 200 }), 12);
  });

  it("keeps a GeForce FP8 headline (FP16 accumulate) out of the laws, and lists it with its accumulate and source", () => {
    const entries = hardwareEntries(catalog.gpus);
    const rtx4090 = entries.find((e) => e.name === "RTX 4090 24GB")!;
    expect(rtx4090.fp8_tflops).toMatchObject({ accumulate: "fp16", source: expect.any(String) });
    expect(catalog.gpus.find((g) => g.name === "RTX 4090 24GB")!.fp8Tflops).toBeUndefined();
    let listed = 0;
    for (const e of entries) {
      for (const figure of [e.fp8_tflops, e.fp4_tflops, e.board_power_w, e.boost_clock_mhz]) if (figure) expect(figure.source.length, e.name).toBeGreaterThan(0);
      if (e.fp8_tflops) expect(e.fp8, e.name).toBe(true);
      for (const p of e.prices) expect(["on_demand", "marketplace", "serverless", "reserved", "owned"], e.name).toContain(p.basis);
      if (e.price) expect(e.prices[0]).toEqual(e.price);
      listed++;
    }
    expect(listed).toBeGreaterThan(10);
  });

  it("carries each GPU's sourced boost clock to the Gpu and to list-hardware", () => {
    const entries = hardwareEntries(catalog.gpus);
    expect(entries.find((e) => e.name === "RTX 4090 24GB")!.boost_clock_mhz).toMatchObject({ value: 2520, source: expect.any(String) });
    let clocked = 0;
    for (const g of catalog.gpus) {
      const listed = entries.find((e) => e.name === g.name)!;
      expect(listed.boost_clock_mhz?.value ?? null, g.name).toBe(g.boostClockMhz ?? null);
      if (g.boostClockMhz !== undefined) clocked++;
    }
    expect(clocked).toBeGreaterThan(10);
  });
});
