import type { PriceBasis, PriceBasisChoice } from "../kinds.js";
import type { Billing, Gpu, PricedGpu, Pricing } from "../catalog/types.js";

/** Years owned hardware is paid off over when a request does not say (--owned-years). */
export const OWNED_YEARS = 3;

/** Hours in a year as every monthly figure counts them: 12 months of 24 × 30 hours. */
const HOURS_PER_YEAR = 12 * 24 * 30;

/** The data's basis each choice ranks on ("any": each GPU's main price, whatever its basis). */
const BASIS_OF: Readonly<Record<Exclude<PriceBasisChoice, "any">, PriceBasis>> = {
  "on-demand": "on_demand",
  marketplace: "marketplace",
  owned: "owned",
};

/** A price a GPU is weighed at, and its basis. */
export interface PriceChoice {
  usdPerHour: number;
  basis: PriceBasis;
  /** Owned hardware priced from its purchase: the years it is spread over. */
  ownedYears?: number | undefined;
}

/** A purchase spread over `years` of round-the-clock use, dollars per hour (a month being 24 × 30 hours). */
export function amortisedUsdPerHour(purchaseUsd: number, years: number): number {
  return purchaseUsd / (years * HOURS_PER_YEAR);
}

/**
 * A GPU's price on `choice`: "any" takes its main price; a basis takes its first sourced price of that
 * basis, the main one first; "owned" takes its purchase spread over `ownedYears`, else a sourced owned
 * price. Undefined when it has none.
 */
export function priceOn(gpu: Gpu, choice: PriceBasisChoice, ownedYears = OWNED_YEARS): PriceChoice | undefined {
  if (choice === "any") return gpu.price ? { usdPerHour: gpu.price.usd_per_hour, basis: gpu.price.basis } : undefined;
  if (choice === "owned" && gpu.purchase) return { usdPerHour: amortisedUsdPerHour(gpu.purchase.usd, ownedYears), basis: "owned", ownedYears };
  const basis = BASIS_OF[choice];
  const price = (gpu.prices ?? (gpu.price ? [gpu.price] : [])).find((p) => p.basis === basis);
  return price ? { usdPerHour: price.usd_per_hour, basis } : undefined;
}

/** Dollars per hour a GPU whose price is unknown is weighed at, so that cost orders by GPUs billed; no cost is reported. */
export const UNPRICED_USD_PER_HOUR = 1;

/** A GPU with the price a request weighs it at, and how it is billed. */
export interface Weighed {
  gpu: PricedGpu;
  billing: Billing;
}

/**
 * A GPU priced as `pricing` asks: at the override; else at its price on the chosen basis; else, with
 * `fallback` (a question on one GPU), at its main price, or with none known at a stand-in that reports no
 * cost. Undefined when it has no price on the basis and no fallback is allowed. With an electricity rate,
 * energy is billed on a purchase spread over years, or a price the request sets with the owned basis (an
 * owned rate from the data is taken as it is: TR133's laptop rate counts its electricity).
 */
export function weigh(gpu: Gpu, pricing: Pricing, fallback: boolean): Weighed | undefined {
  const main = gpu.price ? { usdPerHour: gpu.price.usd_per_hour, basis: gpu.price.basis } : undefined;
  const chosen: (Omit<PriceChoice, "basis"> & { basis: PriceBasis | "given" }) | undefined =
    pricing.override !== undefined ? { usdPerHour: pricing.override, basis: "given" } : (priceOn(gpu, pricing.choice, pricing.ownedYears) ?? (fallback ? main : undefined));
  if (!chosen) return fallback ? { gpu: { ...gpu, usd_per_hour: UNPRICED_USD_PER_HOUR }, billing: { basis: null, pricing } } : undefined;
  const owned = chosen.ownedYears !== undefined || (chosen.basis === "given" && pricing.choice === "owned");
  const billing: Billing = { basis: chosen.basis, pricing, ...(owned && pricing.electricityUsdPerKwh !== undefined ? { electricityUsdPerKwh: pricing.electricityUsdPerKwh } : {}) };
  return { gpu: { ...gpu, usd_per_hour: chosen.usdPerHour }, billing };
}
