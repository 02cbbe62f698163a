// Regenerates the vram_v2, roofline_v1 and serving_v2 sections of data/fitted_models.json from the
// measurement files in data/measurements/. Usage: npm run fit [-- --check]   (--check: exit 1 if the file is
// not up to date)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fitAll } from "../src/fit/fit-all.js";

const dataDir = join(process.cwd(), "data");
const fittedPath = join(dataDir, "fitted_models.json");
const check = process.argv.includes("--check");

/** Fits the sections and writes (or checks) the coefficient file. */
async function main(): Promise<void> {
  const sections = await fitAll(dataDir);
  const fitted = { ...(JSON.parse(readFileSync(fittedPath, "utf8")) as Record<string, unknown>), ...sections };
  const text = JSON.stringify(fitted, null, 2) + "\n";
  if (check) {
    if (readFileSync(fittedPath, "utf8") !== text) {
      process.stderr.write("data/fitted_models.json is not what scripts/fit-coefficients.ts produces; run npm run fit\n");
      process.exit(1);
    }
    process.stdout.write("data/fitted_models.json is up to date\n");
    return;
  }
  writeFileSync(fittedPath, text);
  const { vram_v2: v, roofline_v1: r } = sections;
  process.stdout.write(
    `wrote ${fittedPath}: vram_v2 R² ${(v.fit.r2 ?? 0).toFixed(4)}, worst ${(v.fit.max_abs_error ?? 0).toFixed(2)} GB; ` +
      `roofline ${r.fit.n_points} points, RMS relative error ${((r.fit.rmse ?? 0) * 100).toFixed(1)}%, worst ${((r.fit.max_abs_error ?? 0) * 100).toFixed(1)}%\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fit-coefficients: ${(error as Error).message}\n`);
  process.exit(2);
});
