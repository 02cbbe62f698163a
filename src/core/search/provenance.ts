import type { ConfigPredictions } from "../engines/engine.js";
import type { PrefillPrediction } from "../laws/prefill.js";
import type { QualityPrediction } from "../laws/quality.js";
import { round } from "../round.js";
import type { ThroughputPrediction } from "../laws/reference-throughput.js";

/** Where each prediction of a candidate comes from (the `provenance` object of `--json`). */
export interface Provenance {
  throughput: {
    source: ThroughputPrediction["source"];
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
  };
  quality: { source: QualityPrediction["source"] };
  /** The prompt's prefill: the compute roofline ("estimated"), or "unknown" (no TFLOPS figure), or "none" (the reference). */
  prefill: { source: PrefillPrediction["source"]; bound: PrefillPrediction["bound"] };
  /** Beyond the measured concurrency the law is "extrapolated". */
  scaling: { source: "measured" | "estimated" | "extrapolated"; detail: string };
  vram: { source: "derived" };
  /** Arithmetic over the price ("derived"), or "unknown": the GPU has no price. */
  cost: { source: "derived" | "unknown" };
  /** Board power at the predicted utilisation ("estimated"), or "unknown": the board power is unsourced. */
  energy: { source: "estimated" | "unknown" };
  latency: { source: "estimated" };
}

/** Where each prediction of a configuration comes from, deployed with `concurrency` requests per replica. */
export function provenanceOf(config: ConfigPredictions, concurrency: number, known: { costKnown: boolean; energyKnown: boolean }): Provenance {
  const { throughput: t } = config;
  const law = config.concurrency;
  return {
    throughput: {
      source: t.source,
      basis: t.basis,
      ...(t.bandwidthFactor !== undefined ? { bandwidth_factor: round(t.bandwidthFactor, 4) } : {}),
      ...(t.rooflineRatio !== undefined ? { roofline_ratio: round(t.rooflineRatio, 4) } : {}),
      ...(t.measuredOn !== undefined ? { measured_on: t.measuredOn } : {}),
      ...(t.coefficients ? { coefficients: t.coefficients.key, coefficients_source: t.coefficients.source } : {}),
      ceiling_tps: round(t.ceilingTps, 1),
      capped: t.capped,
    },
    quality: { source: config.quality.source },
    prefill: { source: config.prefill.source, bound: config.prefill.bound },
    scaling: { source: concurrency > law.maxConcurrency ? "extrapolated" : law.source, detail: law.detail() },
    vram: { source: "derived" },
    cost: { source: known.costKnown ? "derived" : "unknown" },
    energy: { source: known.energyKnown ? "estimated" : "unknown" },
    latency: { source: "estimated" },
  };
}
