import type { CalibrationFactor, CalibrationFile } from "./calibration-file.js";
import type { Replica } from "../laws/replica.js";
import type { StepCosts } from "../laws/step.js";
import type { CalibrationMetric } from "./metrics.js";

/** A factor a prediction was multiplied by, as its provenance carries it. */
export interface AppliedFactor {
  factor: number;
  /** Decode: the KV cache's own factor, where fitted. */
  kv_factor?: number;
  /** Decode: what this configuration's speed was multiplied by, every part of its step together. */
  effective?: number;
  /** The model the factor is for, or null: every model on this GPU and backend. */
  model: string | null;
  rows: number;
  held_out: CalibrationFactor["held_out"];
}

/** The factors one configuration's predictions were multiplied by. */
export type AppliedCalibration = Partial<Record<CalibrationMetric, AppliedFactor>>;

/** A speed factor as the physics applies it: a file's, or one a fit is trying. */
type StepFactor = Pick<CalibrationFactor, "factor" | "kv_factor"> & Partial<CalibrationFactor>;

/** The factors that apply to one configuration, by what they correct. */
export type StepFactors = Partial<Record<CalibrationMetric, StepFactor>>;

/** Where a figure is predicted: the GPU, backend and model a factor must match. */
interface CalibrationTarget {
  gpu: string;
  backend: string;
  model: string;
}

/** The factors of a calibration file, indexed: the most specific of each metric for a configuration. */
export interface Calibrator {
  /** The factor of `metric` for a model on a GPU and backend: its own, else the GPU and backend's; undefined when none. */
  factor(at: CalibrationTarget, metric: CalibrationMetric): CalibrationFactor | undefined;
  /** Every factor that applies at `at` (none: an empty object). */
  factorsAt(at: CalibrationTarget): StepFactors;
}

/**
 * An engine step corrected by a calibration's factors, each on the part of the step it measured:
 * decode's on everything one sequence's step spends but reading its KV cache (the weights' bandwidth,
 * the fixed and host time, the joins), its KV factor on the KV cache's bandwidth; prefill's on the
 * arithmetic rates a prompt is computed at; load's on the host time each sequence adds to a step (what
 * batching costs: it grows with the sequences, so it shapes throughput under load and barely touches one
 * request alone). A factor is a speed: above 1, faster.
 */
export function calibratedStep(step: StepCosts, f: StepFactors): StepCosts {
  let s = step;
  if (f.decode) {
    const w = f.decode.factor;
    const kv = f.decode.kv_factor ?? w;
    s = {
      ...s,
      weightBytesPerS: s.weightBytesPerS * w,
      fixedS: s.fixedS / w,
      hostS: s.hostS / w,
      perSequenceS: s.perSequenceS / w,
      joinS: s.joinS / w,
      joinPerTokenS: s.joinPerTokenS / w,
      kvBytesPerS: s.kvBytesPerS * kv,
    };
  }
  if (f.prefill) s = { ...s, linearFlopsPerS: s.linearFlopsPerS * f.prefill.factor, attentionFlopsPerS: s.attentionFlopsPerS * f.prefill.factor };
  if (f.load) s = { ...s, perSequenceS: s.perSequenceS / f.load.factor };
  return s;
}

/** A replica corrected by a calibration's factors: its step (see calibratedStep), and its fixed first-token time by the prefill factor. */
export function calibratedReplica(replica: Replica, f: StepFactors): Replica {
  return {
    ...replica,
    step: calibratedStep(replica.step, f),
    firstTokenFixedS: f.prefill ? replica.firstTokenFixedS / f.prefill.factor : replica.firstTokenFixedS,
  };
}

/** Whether any factor applies. */
export const hasFactors = (f: StepFactors) => f.decode !== undefined || f.prefill !== undefined || f.load !== undefined;

/** A factor as a provenance note (a factor a fit is trying, not from a file, has no rows). */
function noteOf(f: StepFactor): AppliedFactor {
  return {
    factor: f.factor,
    ...(f.kv_factor !== undefined ? { kv_factor: f.kv_factor } : {}),
    model: f.model ?? null,
    rows: f.rows ?? 0,
    held_out: f.held_out ?? null,
  };
}

/** The notes of the factors applied; decode's with the effective multiplier of this configuration's speed. */
export function appliedCalibration(f: StepFactors, decodeEffective: number): AppliedCalibration {
  const applied: AppliedCalibration = {};
  if (f.decode) applied.decode = { ...noteOf(f.decode), ...(f.decode.kv_factor !== undefined ? { effective: decodeEffective } : {}) };
  if (f.prefill) applied.prefill = noteOf(f.prefill);
  if (f.load) applied.load = noteOf(f.load);
  return applied;
}

const calibrators = new WeakMap<CalibrationFile, Calibrator>();

/** The calibrator of a calibration file, its factors indexed once. */
export function calibratorOf(file: CalibrationFile): Calibrator {
  const known = calibrators.get(file);
  if (known) return known;
  const byKey = new Map<string, CalibrationFactor>();
  for (const f of file.factors) byKey.set(`${f.gpu}|${f.backend}|${f.model ?? ""}|${f.metric}`, f);
  const factor = (at: CalibrationTarget, metric: CalibrationMetric) => byKey.get(`${at.gpu}|${at.backend}|${at.model}|${metric}`) ?? byKey.get(`${at.gpu}|${at.backend}||${metric}`);
  const calibrator: Calibrator = {
    factor,
    factorsAt(at) {
      const found: StepFactors = {};
      for (const metric of ["decode", "prefill", "load"] as const) {
        const f = factor(at, metric);
        if (f) found[metric] = f;
      }
      return found;
    },
  };
  calibrators.set(file, calibrator);
  return calibrator;
}
