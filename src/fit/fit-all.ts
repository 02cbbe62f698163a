import { join } from "node:path";
import { lookupGpu } from "../core/hardware/gpu-lookup.js";
import { TR_GPU } from "../core/validation/validation.js";
import { loadWorld } from "../data/load-catalog.js";
import { loadMeasurements } from "../data/load-measurements.js";
import { readJsonFile } from "../data/read-json-file.js";
import type { RooflineV1, ServingV2, VramV2 } from "../schema/fitted-models.js";
import { decodeRows } from "./decode-rows.js";
import { fitParallel } from "./fit-parallel.js";
import { fitPrefill, prefillRows } from "./fit-prefill.js";
import { fitRoofline } from "./fit-roofline.js";
import { scaleFit } from "./fit-scale.js";
import { fitServing } from "./fit-serving.js";
import { fitVram } from "./fit-vram.js";

/** The sections scripts/fit-coefficients.ts writes. */
export interface FittedSections {
  vram_v2: VramV2;
  roofline_v1: RooflineV1;
  serving_v2: ServingV2;
}

/**
 * Fits every chimeraforge section of the coefficient file from the measurement files under `dataDir`:
 * VRAM (TR127), the decode roofline (data/measurements/decode.json), then the serving mechanisms on top
 * of the roofline (TR129, TR130).
 */
export async function fitAll(dataDir: string): Promise<FittedSections> {
  const world = await loadWorld(dataDir);
  const measurements = await loadMeasurements(dataDir);
  const serial = await readJsonFile(join(dataDir, "measurements/serial-fractions.json"), "measurements/serial-fractions", {
    shippedAs: "measurements/serial-fractions.json",
  });
  const trGpu = lookupGpu(world.gpus, TR_GPU);
  if (trGpu.kind !== "found") throw new Error(`data/hardware.json: no GPU answers to "${TR_GPU}", where the TR corpus was measured`);
  const vram = fitVram(measurements.vram, world.models, world.quants, ["data/measurements/vram.json"]);
  const rows = decodeRows(measurements.decode, world, measurements.measuredModels);
  const decode = fitRoofline(rows, world.backends, ["data/measurements/decode.json"]);
  const prompts = prefillRows(measurements.prefill, world, measurements.measuredModels);
  const roofline = fitPrefill(decode, prompts, world.backends, "data/measurements/prefill.json");
  const resolve = (p: { model: string; quant: string }) => {
    const model = world.models.find((m) => m.name === p.model) ?? measurements.measuredModels.find((m) => m.name === p.model);
    const quant = world.quants.find((q) => q.name === p.quant);
    return model && quant ? { model, quant } : undefined;
  };
  const parallel = fitParallel(measurements.decode, resolve, decode);
  const files = ["data/measurements/serial-fractions.json", "data/measurements/multi-agent.json", "data/measurements/decode.json"];
  // First on TR130 alone, for the sections the scale fit's engine needs; then on TR130 and throughput at most load.
  const first = fitServing(serial, measurements.multiAgent, world, trGpu.item, roofline, parallel, files);
  const resolveServed = (p: { model: string; quant: string; backend: string }) => {
    const found = resolve(p);
    const backend = world.backends.find((b) => b.name === p.backend);
    return found && backend ? { ...found, backend } : undefined;
  };
  const fitted = { ...(await readFittedBase(dataDir)), vram_v2: vram, roofline_v1: roofline, serving_v2: first };
  const atScale = scaleFit(measurements.throughput, fitted, resolveServed);
  const serving = fitServing(serial, measurements.multiAgent, world, trGpu.item, roofline, parallel, [...files, "data/measurements/throughput.json"], atScale);
  return { vram_v2: vram, roofline_v1: roofline, serving_v2: serving };
}

/** The coefficient file's reference sections (quality, latency and the rest), which the physics engine also reads. */
async function readFittedBase(dataDir: string) {
  return readJsonFile(join(dataDir, "fitted_models.json"), "fitted_models", { shippedAs: "fitted_models.json" });
}
