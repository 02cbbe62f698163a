import type { CalibrationTool } from "./measurement.js";
import type { CalibrationMetric } from "./metrics.js";

/** Mean absolute relative errors of the physics alone and with a factor, over `rows` rows. */
interface CalibrationErrors {
  rows: number;
  mape_before: number;
  mape_after: number;
}

/** One correction: predictions of `metric` for this GPU and backend (and model, when named) are multiplied by `factor`. */
export interface CalibrationFactor {
  gpu: string;
  backend: string;
  /** A registry model: the factor applies to it alone; absent, to every model on this GPU and backend. */
  model?: string | undefined;
  metric: CalibrationMetric;
  /** Speed multiplier (above 1: faster) of the step's part the metric measures: decode, all of one sequence's step but its KV cache; prefill, the prompt's arithmetic; load, the host time each further sequence adds. */
  factor: number;
  /** Decode: the speed multiplier of reading the KV cache, fitted when the rows span context lengths (else `factor` covers it). */
  kv_factor?: number | undefined;
  /** Measured rows the factor was fitted on, the models and files they come from. */
  rows: number;
  models: string[];
  files: string[];
  /** The error over the rows the factor was fitted on. */
  fit: CalibrationErrors;
  /**
   * The error on rows held out of the fit (each model's rows predicted by a factor fitted on the other
   * models' rows, or each row by the others'): whether the correction carries over. Null with one row.
   */
  held_out: (CalibrationErrors & { method: "leave_one_model_out" | "leave_one_row_out" }) | null;
}

/** A calibration file, written by `chimeraforge calibrate` and read by --calibration (src/schema/calibration.ts validates it). */
export interface CalibrationFile {
  $comment?: string | undefined;
  format: "chimeraforge-calibration";
  version: 1;
  /** Each benchmark file read: its tool and format, and how many of its measurements the factors rest on. */
  sources: { file: string; tool: CalibrationTool; format: string; measurements: number; used: number }[];
  factors: CalibrationFactor[];
}
