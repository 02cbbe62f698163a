import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/data/load-catalog.js";
import { readJsonFile } from "../src/data/read-json-file.js";
import { fitServing } from "../src/fit/fit-serving.js";
import { fitVram } from "../src/fit/fit-vram.js";
import { fitStats, goldenSection, leastSquares } from "../src/fit/least-squares.js";
import type { Catalog } from "../src/core/types.js";
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
});

describe("the shipped coefficients", () => {
  let catalog: Catalog;
  let shipped: Record<string, unknown>;
  beforeAll(async () => {
    catalog = await loadCatalog({ dataDir: DATA_DIR });
    shipped = JSON.parse(readFileSync(join(DATA_DIR, "fitted_models.json"), "utf8")) as Record<string, unknown>;
  });

  it("are what scripts/fit-coefficients.ts produces from the measurement files", async () => {
    const vram = await readJsonFile(join(DATA_DIR, "measurements/vram.json"), "measurements/vram");
    const multi = await readJsonFile(join(DATA_DIR, "measurements/multi-agent.json"), "measurements/multi-agent");
    const serial = await readJsonFile(join(DATA_DIR, "measurements/serial-fractions.json"), "measurements/serial-fractions");
    const refit = {
      vram_v2: fitVram(vram, catalog.models, catalog.quants, ["data/measurements/vram.json"]),
      serving_v1: fitServing(catalog, serial, multi, ["data/measurements/serial-fractions.json", "data/measurements/multi-agent.json"]),
    };
    expect(JSON.parse(JSON.stringify(refit))).toEqual({ vram_v2: shipped.vram_v2, serving_v1: shipped.serving_v1 });
  });

  it("keep the TR133 sections unchanged beside the new ones", () => {
    const tr133 = JSON.parse(readFileSync(join(DATA_DIR, "reference/fitted_models.tr133.json"), "utf8")) as Record<string, unknown>;
    for (const section of Object.keys(tr133)) expect(shipped[section]).toEqual(tr133[section]);
  });

  it("use few coefficients, each with a meaning", () => {
    const v2 = catalog.fitted.vram_v2!;
    expect(Object.keys(v2).filter((k) => typeof (v2 as Record<string, unknown>)[k] === "number")).toEqual([
      "overhead_factor",
      "intercept_gb",
      "activation_bytes_per_token_hidden",
    ]);
    expect(v2.fit.n_points).toBe(17);
  });
});
