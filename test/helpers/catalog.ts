import { fileURLToPath } from "node:url";
import { priced } from "../../src/core/hardware/gpu.js";
import { lookupGpu } from "../../src/core/hardware/gpu-lookup.js";
import { loadCatalog } from "../../src/data/load-catalog.js";
import { createPlanner, type Planner } from "../../src/core/planner/planner.js";
import type { Catalog, Scenario, PricedGpu } from "../../src/core/catalog/types.js";

/** The repository's data directory. */
export const DATA_DIR = fileURLToPath(new URL("../../data", import.meta.url));

/** The reference's coefficient file, copied from ../shared/reference. */
export const TR133_MODELS = fileURLToPath(new URL("../fixtures/fitted_models.tr133.json", import.meta.url));

/** The catalog with the TR133 coefficients: the reference planner over its own world (data/reference/). */
export function tr133Catalog(): Promise<Catalog> {
  return loadCatalog({ dataDir: DATA_DIR, modelsPath: TR133_MODELS });
}

/** The catalog with the shipped default coefficients. */
export function defaultCatalog(): Promise<Catalog> {
  return loadCatalog({ dataDir: DATA_DIR });
}

/** A GPU of the catalog by name or alias, with its price (or `price`). */
export function gpu(catalog: Catalog, name: string, price?: number): PricedGpu {
  const found = lookupGpu(catalog.gpus, name);
  if (found.kind !== "found") throw new Error(`no GPU ${name}`);
  const withPrice = priced(found.item, price);
  if (!withPrice) throw new Error(`GPU ${name} has no price`);
  return withPrice;
}

/** A model of the catalog by exact name. */
export function model(catalog: Catalog, name: string) {
  const found = catalog.models.find((m) => m.name === name);
  if (!found) throw new Error(`no model ${name}`);
  return found;
}

/** A quant of the catalog by exact name. */
export function quant(catalog: Catalog, name: string) {
  const found = catalog.quants.find((q) => q.name === name);
  if (!found) throw new Error(`no quant ${name}`);
  return found;
}

/** The reference CLI's default request, with overrides. */
export function request(catalog: Catalog, overrides: Partial<Scenario> = {}): Scenario {
  return {
    sizeClass: { kind: "params", billions: 3 },
    requestRate: 1,
    latencySloMs: 5000,
    percentile: 95,
    qualityTarget: 0.5,
    budgetUsdPerMonth: 100,
    gpu: gpu(catalog, "RTX 4080 12GB"),
    contextLength: 2048,
    outputTokens: 128,
    ...overrides,
  };
}

const planners = new Map<string, Promise<Planner>>();

/** The planner over the shipped data with the default or the TR133 coefficients, loaded once per test file. */
export function plannerOf(laws: "default" | "tr133"): Promise<Planner> {
  let found = planners.get(laws);
  if (!found) planners.set(laws, (found = (laws === "default" ? defaultCatalog() : tr133Catalog()).then(createPlanner)));
  return found;
}
