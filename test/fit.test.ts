import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/data/load-catalog.js";
import { fitAll } from "../src/fit/fit-all.js";
import { fitStats, goldenSection, leastSquares } from "../src/fit/least-squares.js";
import { nelderMead } from "../src/fit/nelder-mead.js";
import type { Catalog } from "../src/core/catalog/types.js";
import { DATA_DIR } from "./helpers/catalog.js";

describe("least squares", () => {
  it("recovers exact coefficients", () => {
    const rows = [[1, 1], [2, 1], [3, 1], [4, 1]];
    expect(leastSquares(rows, [3, 5, 7, 9]).map((x) => Number(x.toFixed(12)))).toEqual([2, 1]);
  });

  it("reports R², RMSE, MAPE and the worst error", () => {
    expect(fitStats([1, 2, 3], [1, 2, 4])).toMatchObject({ n: 3, rmse: Math.sqrt(1 / 3), maxAbsError: 1 });
    expect(fitStats([1, 1], [2, 2]).r2).toBeNull();
  });

  it("finds a minimum by golden section", () => {
    expect(goldenSection((x) => (x - 0.3) ** 2, 0, 1)).toBeCloseTo(0.3, 9);
  });

  it("finds a minimum in several dimensions by Nelder–Mead, the same one every time", () => {
    const rosenbrock = (x: readonly number[]) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const found = nelderMead(rosenbrock, [-1.2, 1]);
    expect(found[0]).toBeCloseTo(1, 5);
    expect(found[1]).toBeCloseTo(1, 5);
    expect(nelderMead(rosenbrock, [-1.2, 1])).toEqual(found);
  });
});

describe("the shipped coefficients", () => {
  let catalog: Catalog;
  let shipped: Record<string, unknown>;
  beforeAll(async () => {
    catalog = await loadCatalog({ dataDir: DATA_DIR });
    shipped = JSON.parse(readFileSync(join(DATA_DIR, "fitted_models.json"), "utf8")) as Record<string, unknown>;
  });

  it("are what scripts/fit-coefficients.ts produces from the measurement files", async () => {
    const refit = await fitAll(DATA_DIR);
    expect(JSON.parse(JSON.stringify(refit))).toEqual({ vram_v2: shipped.vram_v2, step_v1: shipped.step_v1 });
    // The whole fit, millions of row predictions: seconds alone, longer beside other files on two cores.
  }, 120_000);

  it("keep the TR133 sections unchanged beside the new ones", () => {
    const tr133 = JSON.parse(readFileSync(join(DATA_DIR, "reference/fitted_models.tr133.json"), "utf8")) as Record<string, unknown>;
    for (const section of Object.keys(tr133)) expect(shipped[section]).toEqual(tr133[section]);
  });

  it("use few coefficients, each with a meaning", () => {
    const v2 = catalog.fitted.vram_v2!;
    expect(Object.keys(v2).filter((k) => typeof (v2 as Record<string, unknown>)[k] === "number")).toEqual([
      "overhead_factor",
      "intercept_gib",
      "activation_bytes_per_token_hidden",
    ]);
    expect(v2.fit.n_points).toBe(17);
  });
});
