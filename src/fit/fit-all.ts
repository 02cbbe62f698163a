import { loadWorld, readData } from "../data/load-catalog.js";
import { loadMeasurements } from "../data/load-measurements.js";
import { decodeRows, loadRows, prefillRows } from "../core/validation/measured-rows.js";
import type { StepV1, VramV2 } from "../schema/fitted-models.js";
import { fitStep } from "./fit-step.js";
import { fitVram } from "./fit-vram.js";

/** The sections scripts/fit-coefficients.ts writes. */
export interface FittedSections {
  vram_v2: VramV2;
  step_v1: StepV1;
}

/**
 * Fits every chimeraforge section of the coefficient file from the measurement files under `dataDir`:
 * VRAM (TR127), then the engine step on single-stream decode, prompt and serving measurements.
 */
export async function fitAll(dataDir: string): Promise<FittedSections> {
  const [world, measurements, { $comment: _, ...backendFacts }] = await Promise.all([loadWorld(dataDir), loadMeasurements(dataDir), readData(dataDir, "engines.json", "engines")]);
  const vram = fitVram(measurements.vram, world.models, world.quants, ["data/measurements/vram.json"]);
  const rowWorld = { ...world, measuredModels: measurements.measuredModels, backendFacts };
  const rows = {
    decode: decodeRows(measurements.decode, rowWorld),
    prefill: prefillRows(measurements.prefill, rowWorld),
    load: loadRows(measurements.serving, rowWorld),
  };
  const files = ["data/measurements/decode.json", "data/measurements/prefill.json", "data/measurements/serving.json"];
  return { vram_v2: vram, step_v1: fitStep(rows, world.backends, vram, files) };
}
