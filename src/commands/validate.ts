import { join } from "node:path";
import type { Command } from "commander";
import { UnknownReferenceError, validate, type CoefficientSet } from "../core/validation/validation.js";
import { DataFileError } from "../errors.js";
import { loadMeasurements } from "../data/load-measurements.js";
import { loadCatalog } from "../data/load-catalog.js";
import { displayPath } from "../data/read-json-file.js";
import type { Io } from "../cli/io.js";
import { outputStyle } from "../cli/output-style.js";
import { writeJson } from "../cli/write-json.js";

/** The parsed flags of `validate`. */
interface ValidateOptions {
  modelsPath?: string;
  calibration?: string;
  json?: boolean;
  color: boolean;
}

/** The reference's coefficient file, shipped for comparison. */
const TR133_FILE = "reference/fitted_models.tr133.json";

/** Predicts every bundled measurement with the default (or given) coefficients and the TR133 ones. */
async function runValidate(opts: ValidateOptions, io: Io): Promise<void> {
  const dir = io.dataDir;
  const tr133Path = join(dir, TR133_FILE);
  const mainPath = opts.modelsPath ?? join(dir, "fitted_models.json");
  const [main, calibrated, tr133, measurements] = await Promise.all([
    loadCatalog({ dataDir: dir, modelsPath: opts.modelsPath }),
    opts.calibration === undefined ? undefined : loadCatalog({ dataDir: dir, modelsPath: opts.modelsPath, calibration: opts.calibration }),
    loadCatalog({ dataDir: dir, modelsPath: tr133Path }),
    loadMeasurements(dir),
  ]);
  const sets: CoefficientSet[] = [
    { name: opts.modelsPath ? "given" : "default", file: displayPath(mainPath), catalog: main },
    ...(calibrated ? [{ name: "calibrated", file: `${displayPath(mainPath)} with ${displayPath(opts.calibration!)}`, catalog: calibrated }] : []),
    { name: "tr133", file: displayPath(tr133Path), catalog: tr133 },
  ];
  let report;
  try {
    report = validate(sets, measurements);
  } catch (error) {
    if (error instanceof UnknownReferenceError) throw new DataFileError(error.file, `${error.path}: ${error.detail}`);
    throw error;
  }
  if (opts.json) return writeJson(io, report);
  const { renderValidation } = await import("../render/validation-report.js");
  const style = outputStyle(opts.color, io);
  io.stdout(renderValidation(report, style));
}

/** `chimeraforge validate`. */
export function addValidateCommand(program: Command, io: Io): void {
  program
    .command("validate")
    .description("hold the models against the measurements the reports publish: R², RMSE, MAPE, worst point")
    .option("--models-path <file>", "coefficient file to validate instead of data/fitted_models.json")
    .option("--calibration <file>", "also validate with this calibration's factors (a 'calibrated' column beside the default)")
    .option("--json", "print the report as one JSON document")
    .option("--no-color", "never colour the output")
    .addHelpText(
      "after",
      `
Every point comes from data/measurements/, citing its report and section; "in-sample" marks the points
scripts/fit-coefficients.ts fitted the default coefficients on. The TR133 column is the reference's file
(data/${TR133_FILE}).

Examples:
  $ chimeraforge validate
  $ chimeraforge validate --json | jq '.models[] | {name, stats}'`,
    )
    .action(async (opts: ValidateOptions) => runValidate(opts, io));
}
