import type { QualityPrediction } from "./quality.js";
import type { ThroughputPrediction } from "./throughput.js";

/** Where each prediction of a candidate comes from (the `provenance` object of `--json`). */
export interface Provenance {
  throughput: {
    source: ThroughputPrediction["source"];
    /** Which rule gave the figure on the reference GPU: lookup, quant_multiplier or size_power_law. */
    basis: ThroughputPrediction["basis"];
    /** GPU bandwidth over the reference GPU's: the factor a measured row was scaled by. */
    bandwidth_factor: number;
  };
  quality: { source: QualityPrediction["source"] };
  scaling: { source: "measured" | "estimated"; detail: string };
  vram: { source: "derived" };
  cost: { source: "derived" };
  latency: { source: "estimated" };
}

/** The legend of provenance sources, for humans. */
export const PROVENANCE_LEGEND: Readonly<Record<string, string>> = {
  measured: "a measurement of this configuration on the reference GPU",
  extrapolated: "a measurement scaled by memory bandwidth to this GPU",
  estimated: "a rule over other measurements (quant multiplier, size power law, backend default, mean delta)",
  unknown: "nothing known: a placeholder (0.5)",
  derived: "arithmetic over the data (parameters, bits per weight, prices)",
};
