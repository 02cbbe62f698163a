import { indexRoofline, predictDecodeSpeed } from "../core/laws/decode-speed.js";
import { batchingEta } from "../core/laws/batching.js";
import type { Gpu, ModelSpec, QuantLevel } from "../core/catalog/types.js";
import type { RooflineV1, ServingV2 } from "../schema/fitted-models.js";
import type { MultiAgentMeasurements, SerialFractions } from "../schema/measurements.js";
import { byName } from "./fit-vram.js";
import { fitStats, goldenSection } from "./least-squares.js";

/** Whole-deployment throughput measurements the per-sequence time is fitted on too: their loss at a sequence_ms. */
export interface ScaleFit {
  loss: (sequenceMs: number) => number;
  n: number;
  models: string[];
}

/** The concurrency each backend was measured up to: TR129 (Ollama), TR130 (vLLM, TGI). */
const MEASURED_CONCURRENCY = { ollama: 16, vllm: 8, tgi: 8 } as const;

/** The output tokens TR130's requests generated (TR133 SS9.2's service times are per 128 tokens). */
const TR_OUTPUT_TOKENS = 128;

/** A multi-request measurement as a per-request efficiency, with the decode step the batching law splits. */
interface EfficiencyPoint {
  model: string;
  backend: string;
  concurrency: number;
  step: NonNullable<ReturnType<typeof predictDecodeSpeed>["step"]>;
  /** Single-request tok/s predicted on the TR GPU (the measured row, where there is one). */
  tokensPerSecond: number;
  measured: number;
}

/** Every multi-request measurement of `backend` marked used_in_fit, as a per-request efficiency. */
function efficiencyPoints(
  measurements: MultiAgentMeasurements,
  world: { models: readonly ModelSpec[]; quants: readonly QuantLevel[] },
  gpu: Gpu,
  roofline: RooflineV1,
  backend: string,
): EfficiencyPoint[] {
  return measurements.points
    .filter((p) => p.used_in_fit && p.backend === backend)
    .map((p) => {
      const model = byName(world.models, p.model, "model");
      const quant = byName(world.quants, p.quant, "quant");
      const solo = predictDecodeSpeed(model, quant, p.backend, gpu, indexRoofline(roofline), { contextTokens: TR_OUTPUT_TOKENS / 2 });
      const measured = p.efficiency ?? (p.total_tps ?? 0) / (p.concurrency * solo.tokensPerSecond);
      return { model: p.model, backend: p.backend, concurrency: p.concurrency, step: solo.step!, tokensPerSecond: solo.tokensPerSecond, measured };
    });
}

/**
 * The serving section. Ollama keeps TR129's Amdahl serial fractions (default: their mean), and llama.cpp's
 * server, which Ollama wraps, takes that default. vLLM's per-sequence time is the value whose batching law
 * (on the roofline's decode step) best fits its measured multi-request points; TGI and SGLang batch the
 * same way and have no published multi-request figure, so they take vLLM's, marked estimated.
 */
export function fitServing(
  serialFractions: SerialFractions,
  multiAgent: MultiAgentMeasurements,
  world: { models: readonly ModelSpec[]; quants: readonly QuantLevel[] },
  trGpu: Gpu,
  roofline: RooflineV1,
  parallel: ServingV2["parallel"],
  files: string[],
  atScale?: ScaleFit,
): ServingV2 {
  const ollamaFits = serialFractions.fits.filter((f) => f.backend === "ollama");
  const serial = Object.fromEntries(ollamaFits.map((f) => [f.model, f.serial_fraction]));
  const meanSerial = ollamaFits.reduce((s, f) => s + f.serial_fraction, 0) / ollamaFits.length;
  const points = efficiencyPoints(multiAgent, world, trGpu, roofline, "vllm");
  if (points.length === 0) throw new Error("no vLLM multi-request measurement marked used_in_fit");
  const predict = (ms: number) => points.map((p) => batchingEta(p.step, ms)(p.concurrency));
  const loss = (ms: number) => predict(ms).reduce((s, e, i) => s + Math.log(e / points[i]!.measured) ** 2, 0) + (atScale?.loss(ms) ?? 0);
  const sequenceMs = goldenSection(loss, 0, 100);
  const stats = fitStats(predict(sequenceMs), points.map((p) => p.measured));
  const vllmModels = [...new Set(points.map((p) => p.model))];
  const borrowed = (name: string) => ({
    $comment: `${name} batches continuously like vLLM: the per-sequence time fitted on every batching engine's measurements.`,
    mechanism: "batching" as const,
    sequence_ms: sequenceMs,
    source: "estimated" as const,
    fitted_on: [],
    max_concurrency: MEASURED_CONCURRENCY.vllm,
  });
  return {
    $comment:
      "Per-GPU concurrency by each backend's mechanism on top of the roofline's decode step; replicas scale linearly and multiply the bill. Fitted by scripts/fit-coefficients.ts; do not edit by hand.",
    backends: {
      ollama: {
        $comment: "Ollama serialises requests (TR129, TR131): Amdahl eta(N) = 1 / (sN + 1 - s), TR129's serial fractions.",
        mechanism: "amdahl",
        serial_fractions: serial,
        default_serial_fraction: meanSerial,
        source: "measured",
        fitted_on: Object.keys(serial),
        max_concurrency: MEASURED_CONCURRENCY.ollama,
      },
      "llama.cpp": {
        $comment: "llama.cpp's server, which Ollama wraps: Ollama's default serial fraction, unmeasured here.",
        mechanism: "amdahl",
        default_serial_fraction: meanSerial,
        source: "estimated",
        fitted_on: [],
        max_concurrency: MEASURED_CONCURRENCY.ollama,
      },
      vllm: {
        $comment: "Continuous batching (TR132): a step reads the weights once for the batch; each sequence adds its KV read and sequence_ms.",
        mechanism: "batching",
        sequence_ms: sequenceMs,
        source: "measured",
        fitted_on: vllmModels,
        max_concurrency: MEASURED_CONCURRENCY.vllm,
      },
      tgi: borrowed("TGI (TR132: the same amortisation)"),
      sglang: borrowed("SGLang"),
      "tensorrt-llm": atScale
        ? { ...borrowed("TensorRT-LLM (in-flight batching)"), source: "measured" as const, fitted_on: atScale.models }
        : borrowed("TensorRT-LLM (in-flight batching)"),
    },
    parallel,
    fit: {
      method:
        "TR129 serial fractions as published; the batching engines' sequence_ms by least squares on log(predicted / measured) over TR130's per-request efficiencies and the engines' throughput at most load",
      script: "scripts/fit-coefficients.ts",
      measurements: files,
      n_points: stats.n + (atScale?.n ?? 0),
      rmse: stats.rmse,
      max_abs_error: stats.maxAbsError,
    },
  };
}
