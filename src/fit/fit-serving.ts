import { batchingEta } from "../core/concurrency.js";
import { predictThroughput } from "../core/throughput.js";
import type { Catalog } from "../core/types.js";
import { weightsGb } from "../core/vram.js";
import type { ServingV1 } from "../schema/fitted-models.js";
import type { MultiAgentMeasurements, SerialFractions } from "../schema/measurements.js";
import { byName } from "./fit-vram.js";
import { fitStats, goldenSection } from "./least-squares.js";

/** The measured range of concurrency per backend: TR129 ran Ollama at N = 1..16, TR130 every backend at 1..8. */
export const MEASURED_CONCURRENCY = { ollama: 16, vllm: 8, tgi: 8 } as const;

/** A multi-request measurement as a per-request efficiency, with what the model needs to predict it. */
export interface EfficiencyPoint {
  model: string;
  backend: string;
  concurrency: number;
  /** Single-request throughput on the reference GPU, by the throughput model. */
  tokensPerSecond: number;
  weightGb: number;
  measured: number;
}

/** Every multi-request measurement as a per-request efficiency: total / (N × single-request throughput). */
export function efficiencyPoints(catalog: Catalog, measurements: MultiAgentMeasurements, onlyFitted: boolean): EfficiencyPoint[] {
  return measurements.points
    .filter((p) => !onlyFitted || p.used_in_fit)
    .map((p) => {
      const model = byName(catalog.models, p.model, "model");
      const quant = byName(catalog.quants, p.quant, "quant");
      const ref = catalog.referenceGpu;
      const tps = predictThroughput(model, quant, p.backend, ref, ref, catalog.fitted.throughput).tokensPerSecond;
      const measured = p.efficiency ?? (p.total_tps ?? 0) / (p.concurrency * tps);
      return { model: p.model, backend: p.backend, concurrency: p.concurrency, tokensPerSecond: tps, weightGb: weightsGb(model, quant), measured };
    });
}

/**
 * Fits the serving section. Ollama keeps TR129's Amdahl serial fractions (default: their mean). vLLM's
 * weight-read efficiency is the value whose batching law best fits (least squares on efficiency) its
 * measured multi-request points; TGI runs the same mechanism (TR132: identical amortisation) and has no
 * published multi-request figure, so it takes vLLM's efficiency.
 */
export function fitServing(
  catalog: Catalog,
  serialFractions: SerialFractions,
  multiAgent: MultiAgentMeasurements,
  files: string[],
): ServingV1 {
  const ollamaFits = serialFractions.fits.filter((f) => f.backend === "ollama");
  const serial = Object.fromEntries(ollamaFits.map((f) => [f.model, f.serial_fraction]));
  const meanSerial = ollamaFits.reduce((s, f) => s + f.serial_fraction, 0) / ollamaFits.length;
  const vllmPoints = efficiencyPoints(catalog, multiAgent, true).filter((p) => p.backend === "vllm");
  if (vllmPoints.length === 0) throw new Error("no vLLM multi-request measurement marked used_in_fit");
  const bandwidth = catalog.referenceGpu.bandwidth_gbps;
  const predict = (u: number) =>
    vllmPoints.map((p) => batchingEta(p.tokensPerSecond, p.weightGb, bandwidth, u).eta(p.concurrency));
  const sse = (u: number) => predict(u).reduce((s, e, i) => s + (e - (vllmPoints[i]?.measured ?? 0)) ** 2, 0);
  const efficiency = goldenSection(sse, 0.01, 1);
  const stats = fitStats(predict(efficiency), vllmPoints.map((p) => p.measured));
  // The per-sequence share of a step the fitted points imply: the floor for configurations whose
  // single-request figure leaves no room for per-sequence work beside the weight read.
  const minShare = Math.min(
    ...vllmPoints.map((p) => batchingEta(p.tokensPerSecond, p.weightGb, bandwidth, efficiency).perSequenceS * p.tokensPerSecond),
  );
  const vllmModels = [...new Set(vllmPoints.map((p) => p.model))];
  return {
    $comment:
      "Per-GPU concurrency by each backend's mechanism; replicas scale linearly and multiply the bill. Fitted by scripts/fit-coefficients.ts; do not edit by hand.",
    backends: {
      ollama: {
        $comment: "Ollama serialises requests (TR129, TR131): Amdahl eta(N) = 1 / (sN + 1 - s), TR129's serial fractions.",
        formats: ["gguf", "fp16"],
        mechanism: "amdahl",
        serial_fractions: serial,
        default_serial_fraction: meanSerial,
        fitted_on: Object.keys(serial),
        max_concurrency: MEASURED_CONCURRENCY.ollama,
      },
      vllm: {
        $comment: "Continuous batching reads the weights once per step for every sequence (TR132). Serves FP16 only: the corpus measured nothing else on vLLM.",
        formats: ["fp16"],
        mechanism: "batching",
        weight_read_efficiency: efficiency,
        min_sequence_share: minShare,
        fitted_on: vllmModels,
        max_concurrency: MEASURED_CONCURRENCY.vllm,
      },
      tgi: {
        $comment: "The same mechanism as vLLM (TR132: identical amortisation) and no published multi-request figure: vLLM's weight_read_efficiency. FP16 only.",
        formats: ["fp16"],
        mechanism: "batching",
        weight_read_efficiency: efficiency,
        min_sequence_share: minShare,
        fitted_on: [],
        max_concurrency: MEASURED_CONCURRENCY.tgi,
      },
    },
    fit: {
      method: "TR129 serial fractions as published; vLLM weight_read_efficiency by least squares on per-request efficiency",
      script: "scripts/fit-coefficients.ts",
      measurements: files,
      n_points: stats.n,
      rmse: stats.rmse,
      max_abs_error: stats.maxAbsError,
    },
  };
}
