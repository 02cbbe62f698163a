import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../../src/core/catalog/types.js";
import { fitCalibration, type CalibrationReport } from "../../src/core/calibrate/fit.js";
import { parseBenchmarkOutput } from "../../src/core/calibrate/parse-output.js";
import type { RowDefaults } from "../../src/core/calibrate/resolve-rows.js";

/** A calibration fixture's path (test/fixtures/calibrate/SOURCES.md cites each). */
export function fixture(file: string): string {
  return fileURLToPath(new URL(`../fixtures/calibrate/${file}`, import.meta.url));
}

/** The calibration `calibrate` fits on fixtures, with the flags' defaults. */
export function fitFixtures(catalog: Catalog, files: readonly string[], defaults: RowDefaults = {}): CalibrationReport {
  const inputs = files.map((file) => {
    const output = parseBenchmarkOutput(readFileSync(fixture(file), "utf8"));
    if (!output) throw new Error(`${file} was not recognised`);
    return { file, output };
  });
  return fitCalibration(catalog, inputs, defaults);
}
