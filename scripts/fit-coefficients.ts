// Regenerates the vram_v2 and step_v1 sections of data/fitted_models.json from the
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
  // Sections an earlier version of the physics wrote go: the file holds the reference's and the current ones.
  const kept = JSON.parse(readFileSync(fittedPath, "utf8")) as Record<string, unknown>;
  for (const retired of ["roofline_v1", "serving_v2"]) delete kept[retired];
  const fitted = { ...kept, ...sections };
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
  const { vram_v2: v, step_v1: s } = sections;
  process.stdout.write(
    `wrote ${fittedPath}: vram_v2 R² ${(v.fit.r2 ?? 0).toFixed(4)}, worst ${(v.fit.max_abs_error ?? 0).toFixed(2)} GiB; ` +
      `step_v1 ${s.fit.n_points} points, single-stream decode RMS relative error ${((s.fit.rmse ?? 0) * 100).toFixed(1)}%, worst ${((s.fit.max_abs_error ?? 0) * 100).toFixed(1)}%\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fit-coefficients: ${(error as Error).message}\n`);
  process.exit(2);
});
