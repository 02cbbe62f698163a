import type { AppliedFactor } from "../calibrate/calibrator.js";
import type { ConfigPredictions } from "../engines/engine.js";
import type { PrefillPrediction } from "../laws/prefill.js";
import type { QualityPrediction } from "../laws/quality.js";
import { round } from "../round.js";
import type { ThroughputPrediction } from "../laws/reference-throughput.js";

/** Where each prediction of a candidate comes from (the `provenance` object of `--json`). */
export interface Provenance {
  throughput: {
    /** "calibrated": the physics' figure multiplied by a --calibration factor (in `calibration`). */
    source: ThroughputPrediction["source"] | "calibrated";
    /** The rule that gave the figure: lookup (a measured row), quant_multiplier, size_power_law or roofline. */
    basis: ThroughputPrediction["basis"];
    /** The reference's: GPU bandwidth over the reference GPU's, the factor a figure was scaled by. */
    bandwidth_factor?: number;
    /** A measured row on another GPU or context: the two roofline times' ratio it was carried over by. */
    roofline_ratio?: number;
    /** The GPU the measured row was measured on. */
    measured_on?: string;
    /** The roofline coefficients ("backend|platform") and where they come from ("measured", or borrowed). */
    coefficients?: string;
    coefficients_source?: string;
    /** The physical ceiling (bandwidth over the active weights), tok/s, and whether the figure was cut to it. */
    ceiling_tps: number;
    capped: boolean;
    /** The calibration factor the figure was multiplied by, fitted on the user's own benchmark output. */
    calibration?: AppliedFactor;
  };
  quality: { source: QualityPrediction["source"] };
  /** The prompt's prefill: the compute roofline ("estimated"), or "unknown" (no TFLOPS figure), or "none" (the reference); "calibrated" with a factor. */
  prefill: { source: PrefillPrediction["source"] | "calibrated"; bound: PrefillPrediction["bound"]; calibration?: AppliedFactor };
  /** Beyond the measured concurrency the law is "extrapolated"; "calibrated" with a load factor. */
  scaling: { source: "measured" | "estimated" | "extrapolated" | "calibrated"; detail: string; calibration?: AppliedFactor };
  vram: { source: "derived" };
  /** Arithmetic over the price ("derived"), or "unknown": the GPU has no price. */
  cost: { source: "derived" | "unknown" };
  /** Board power at the predicted utilisation ("estimated"), or "unknown": the board power is unsourced. */
  energy: { source: "estimated" | "unknown" };
  /** "calibrated": the replica's step was corrected by a --calibration factor. */
  latency: { source: "estimated" | "calibrated" };
}

/** A calibration factor as provenance prints it: the factors and errors to 4 decimals. */
function noteOf(f: AppliedFactor): AppliedFactor {
  const r = (x: number) => round(x, 4);
  return {
    ...f,
    factor: r(f.factor),
    ...(f.kv_factor !== undefined ? { kv_factor: r(f.kv_factor) } : {}),
    ...(f.effective !== undefined ? { effective: r(f.effective) } : {}),
    held_out: f.held_out && { ...f.held_out, mape_before: r(f.held_out.mape_before), mape_after: r(f.held_out.mape_after) },
  };
}

/** Where each prediction of a configuration comes from, deployed with `concurrency` requests per replica. */
export function provenanceOf(config: ConfigPredictions, concurrency: number, known: { costKnown: boolean; energyKnown: boolean }): Provenance {
  const { throughput: t } = config;
  const law = config.concurrency;
  const calibrated = config.calibration ?? {};
  return {
    throughput: {
      source: calibrated.decode ? "calibrated" : t.source,
      basis: t.basis,
      ...(t.bandwidthFactor !== undefined ? { bandwidth_factor: round(t.bandwidthFactor, 4) } : {}),
      ...(t.rooflineRatio !== undefined ? { roofline_ratio: round(t.rooflineRatio, 4) } : {}),
      ...(t.measuredOn !== undefined ? { measured_on: t.measuredOn } : {}),
      ...(t.coefficients ? { coefficients: t.coefficients.key, coefficients_source: t.coefficients.source } : {}),
      ceiling_tps: round(t.ceilingTps, 1),
      capped: t.capped,
      ...(calibrated.decode ? { calibration: noteOf(calibrated.decode) } : {}),
    },
    quality: { source: config.quality.source },
    prefill: {
      source: calibrated.prefill ? "calibrated" : config.prefill.source,
      bound: config.prefill.bound,
      ...(calibrated.prefill ? { calibration: noteOf(calibrated.prefill) } : {}),
    },
    scaling: {
      source: calibrated.load && concurrency > 1 ? "calibrated" : concurrency > law.maxConcurrency ? "extrapolated" : law.source,
      detail: law.detail(),
      // The load factor prices what each further sequence adds to a step: one request alone is the decode factor's.
      ...(calibrated.load && concurrency > 1 ? { calibration: noteOf(calibrated.load) } : {}),
    },
    vram: { source: "derived" },
    cost: { source: known.costKnown ? "derived" : "unknown" },
    energy: { source: known.energyKnown ? "estimated" : "unknown" },
    latency: { source: config.calibration ? "calibrated" : "estimated" },
  };
}
