// Regenerates the vram_v2 and serving_v1 sections of data/fitted_models.json from the measurement files
// in data/measurements/. Usage: npm run fit [-- --check]   (--check: exit 1 if the file is not up to date)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../src/data/load-catalog.js";
import { readJsonFile } from "../src/data/read-json-file.js";
import { fitServing } from "../src/fit/fit-serving.js";
import { fitVram } from "../src/fit/fit-vram.js";

const dataDir = join(process.cwd(), "data");
const fittedPath = join(dataDir, "fitted_models.json");
const check = process.argv.includes("--check");

/** Fits both sections and writes (or checks) the coefficient file. */
async function main(): Promise<void> {
  const catalog = await loadCatalog({ dataDir });
  const [vram, multiAgent, serial] = await Promise.all([
    readJsonFile(join(dataDir, "measurements/vram.json"), "measurements/vram"),
    readJsonFile(join(dataDir, "measurements/multi-agent.json"), "measurements/multi-agent"),
    readJsonFile(join(dataDir, "measurements/serial-fractions.json"), "measurements/serial-fractions"),
  ]);
  const fitted = JSON.parse(readFileSync(fittedPath, "utf8")) as Record<string, unknown>;
  fitted.vram_v2 = fitVram(vram, catalog.models, catalog.quants, ["data/measurements/vram.json"]);
  fitted.serving_v1 = fitServing(catalog, serial, multiAgent, ["data/measurements/serial-fractions.json", "data/measurements/multi-agent.json"]);
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
    process.stdout.write(`wrote ${fittedPath}: vram_v2 R² ${v.fit.r2.toFixed(4)}, worst ${v.fit.max_abs_error.toFixed(2)} GB\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fit-coefficients: ${(error as Error).message}\n`);
  process.exit(2);
});
