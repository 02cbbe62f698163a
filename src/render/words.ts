import type { Gate, PlanWarning, Rejection, SuggestionField } from "../core/planner/results.js";

/** How each gate is named to people. */
export const GATE_LABELS: Readonly<Record<Gate, string>> = {
  context: "context",
  vram: "VRAM",
  quality: "quality",
  capacity: "capacity",
  latency: "latency",
  ttft: "first token",
  budget: "budget",
};

/** What each provenance source means. */
export const PROVENANCE_LEGEND: Readonly<Record<string, string>> = {
  measured: "a measurement of this configuration on this GPU",
  extrapolated:
    "a measurement carried past where it was taken: to this GPU or context by the roofline times' ratio, or beyond the concurrency measured (the reference: by bandwidth)",
  estimated: "a law over other measurements (the memory roofline; the reference: quant multiplier, size power law, backend default, mean delta)",
  unknown: "never measured",
  derived: "arithmetic over the data (parameters, bits per weight, prices)",
  calibrated: "the physics multiplied by a --calibration factor fitted on your own benchmark output",
};

/** The flag each suggestion changes. */
export const SUGGESTION_FLAGS: Readonly<Record<SuggestionField, string>> = {
  budgetUsdPerMonth: "--budget",
  latencySloMs: "--latency-slo",
  qualityTarget: "--quality-target",
  requestRate: "--request-rate",
  contextLength: "--context-length",
  hardware: "--hardware",
};

/** A warning as a person reads it (the reference's words where it had them). */
export function warningText(w: PlanWarning): string {
  switch (w.code) {
    case "saturated":
      return `utilisation > ${Math.round(w.limit * 100)}% safety cap`;
    case "quality_concerning":
      return "quality drop concerning (-10 to -15pp)";
    case "quality_unknown":
      return w.assumed === null
        ? "quality unknown: never measured, so the quality gate let it through"
        : `quality unknown: ${w.assumed} assumed, so the quality gate decided on a guess`;
    case "many_gpus":
      return `requires ${w.gpus_billed} GPU instances`;
    case "vram_headroom":
      return `VRAM usage > ${Math.round(w.limit * 100)}% of capacity`;
    case "concurrency_extrapolated":
      return `${w.concurrency} requests per replica is beyond the measured ${w.measured}: the scaling law is extrapolated`;
    case "context_beyond_window":
      return `context ${w.context_length} exceeds the model's ${w.window}-token window: quality there is unmeasured`;
    case "throughput_capped":
      return `decode speed cut to the physical ceiling (${w.ceiling_tps.toFixed(1)} tok/s: bandwidth over the active weights)`;
    case "prefill_unknown":
      return `${w.gpu} publishes no FP16 TFLOPS: the prompt's prefill counts only one pass over the weights (give --gpu-tflops for a GPU of your own)`;
    case "size_class_substituted":
      return `no model within 50% of ${w.size_class}: this one (${w.params_b.toFixed(2)}B) is the closest`;
  }
}

const fmt = (x: number, digits: number) => x.toFixed(digits);

/** Why a gate turned a configuration away, in one line ("VRAM 17.82 GB > 12 GB"). */
export function rejectionReason(r: Rejection, maxGpus: number): string {
  const { gate, value, limit } = r;
  if (value === null) return "quality never measured (--unknown-quality reject)";
  const gpus = r.gpus_billed === undefined ? "" : ` on ${r.gpus_billed} GPU${r.gpus_billed > 1 ? "s" : ""}`;
  switch (gate) {
    case "context":
      return `context ${value} tokens > the model's ${limit}-token window`;
    case "vram":
      return `VRAM ${fmt(value, 2)} GB > ${limit} GB`;
    case "quality":
      return `quality ${fmt(value, 3)} < ${limit} target`;
    case "capacity":
      return `needs more than ${maxGpus} GPUs for ${fmt(value, 1)} tok/s (${maxGpus} carry ${fmt(limit, 1)})`;
    case "latency":
      return `p95 ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "ttft":
      return `p95 first token ${fmt(value, 0)} ms > ${limit} ms SLO${gpus}`;
    case "budget":
      return `$${fmt(value, 2)}/month > $${limit} budget${gpus}`;
  }
}
