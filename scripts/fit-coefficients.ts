// Regenerates the vram_v2, roofline_v1 and serving_v2 sections of data/fitted_models.json from the
// measurement files in data/measurements/. Usage: npm run fit [-- --check]   (--check: exit 1 if the file is
// not up to date)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { lookupGpu } from "../src/core/gpu-lookup.js";
import { TR_GPU } from "../src/core/validation.js";
import { loadWorld } from "../src/data/load-catalog.js";
import { loadMeasurements } from "../src/data/load-measurements.js";
import { readJsonFile } from "../src/data/read-json-file.js";
import { decodeRows } from "../src/fit/decode-rows.js";
import { fitRoofline } from "../src/fit/fit-roofline.js";
import { fitServing } from "../src/fit/fit-serving.js";
import { fitVram } from "../src/fit/fit-vram.js";

const dataDir = join(process.cwd(), "data");
const fittedPath = join(dataDir, "fitted_models.json");
const check = process.argv.includes("--check");

/** Fits the three sections and writes (or checks) the coefficient file. */
async function main(): Promise<void> {
  const world = await loadWorld(dataDir);
  const measurements = await loadMeasurements(dataDir);
  const serial = await readJsonFile(join(dataDir, "measurements/serial-fractions.json"), "measurements/serial-fractions");
  const trGpu = lookupGpu(world.gpus, TR_GPU);
  if (trGpu.kind !== "found") throw new Error(`data/hardware.json: no GPU answers to "${TR_GPU}", where the TR corpus was measured`);
  const fitted = JSON.parse(readFileSync(fittedPath, "utf8")) as Record<string, unknown>;
  delete fitted.serving_v1;
  fitted.vram_v2 = fitVram(measurements.vram, world.models, world.quants, ["data/measurements/vram.json"]);
  const rows = decodeRows(measurements.decode, world, measurements.measuredModels);
  const roofline = fitRoofline(rows, world.backends, ["data/measurements/decode.json"]);
  fitted.roofline_v1 = roofline;
  fitted.serving_v2 = fitServing(serial, measurements.multiAgent, world, trGpu.item, roofline, [
    "data/measurements/serial-fractions.json",
    "data/measurements/multi-agent.json",
  ]);
  const text = JSON.stringify(fitted, null, 2) + "\n";

  if (check) {
    const current = readFileSync(fittedPath, "utf8");
    if (current !== text) {
      process.stderr.write("data/fitted_models.json is not what scripts/fit-coefficients.ts produces; run npm run fit\n");
      process.exit(1);
    }
    process.stdout.write("data/fitted_models.json is up to date\n");
  } else {
    writeFileSync(fittedPath, text);
    const v = fitted.vram_v2 as { fit: { r2: number; max_abs_error: number } };
    process.stdout.write(
      `wrote ${fittedPath}: vram_v2 R² ${v.fit.r2.toFixed(4)}, worst ${v.fit.max_abs_error.toFixed(2)} GB; ` +
        `roofline ${roofline.fit.n_points} points, RMS relative error ${(roofline.fit.rmse! * 100).toFixed(1)}%, worst ${(roofline.fit.max_abs_error! * 100).toFixed(1)}%\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fit-coefficients: ${(error as Error).message}\n`);
  process.exit(2);
});
