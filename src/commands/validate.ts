import { join } from "node:path";
import type { Command } from "commander";
import { UnknownReferenceError, validate, type CoefficientSet } from "../core/validation/validation.js";
import { summariseValidation } from "../core/validation/validation-summary.js";
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
  detail?: boolean;
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
  const summary = summariseValidation(report);
  if (opts.json) return writeJson(io, { ...report, summary });
  const style = outputStyle(opts.color, io);
  if (opts.detail) {
    const { renderValidation } = await import("../render/validation-report.js");
    return io.stdout(renderValidation(report, style));
  }
  const { renderValidationSummary } = await import("../render/validation-summary.js");
  io.stdout(renderValidationSummary(report, summary, style));
}

/** `chimeraforge validate`. */
export function addValidateCommand(program: Command, io: Io): void {
  program
    .command("validate")
    .description("hold the models against the measurements the reports publish: per quantity, the median and worst error, fitted and held out")
    .option("--models-path <file>", "coefficient file to validate instead of data/fitted_models.json")
    .option("--detail", "print every point with each set's prediction, and R², RMSE, MAPE and the worst point per quantity")
    .option("--calibration <file>", "also validate with this calibration's factors (a 'calibrated' column beside the default)")
    .option("--json", "print the full report as one JSON document: every point, each set's statistics, and the summary")
    .option("--no-color", "never colour the output")
    .addHelpText(
      "after",
      `
By default one table: per quantity, the median and worst absolute error (% of the measured value) of
each coefficient set, on the points the default coefficients were fitted on ("fitted", in-sample) and on
the others ("held-out"). Every point comes from data/measurements/, citing its report and section. TR133
is the reference's file (data/${TR133_FILE}).

Examples:
  $ chimeraforge validate
  $ chimeraforge validate --detail
  $ chimeraforge validate --json | jq '.summary[] | {quantity, points, sets}'`,
    )
    .action(async (opts: ValidateOptions) => runValidate(opts, io));
}
